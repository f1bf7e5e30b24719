"""How stages are run: in-process here (`local`); runners know nothing of news."""
