"""Rendering records for people and programs: JSON (the contract), Markdown and HTML."""

from newsfuse.render.html import render_brief_html, render_index_html, write_html_outputs
from newsfuse.render.json import article_to_dict, brief_to_dict, report_to_dict, story_to_dict
from newsfuse.render.markdown import render_markdown

__all__ = [
    "article_to_dict",
    "brief_to_dict",
    "render_brief_html",
    "render_index_html",
    "render_markdown",
    "report_to_dict",
    "story_to_dict",
    "write_html_outputs",
]
