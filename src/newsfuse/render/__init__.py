"""Rendering records for people and programs: JSON (the contract) and Markdown."""

from newsfuse.render.json import article_to_dict, brief_to_dict, report_to_dict, story_to_dict
from newsfuse.render.markdown import render_markdown

__all__ = ["article_to_dict", "brief_to_dict", "render_markdown", "report_to_dict", "story_to_dict"]
