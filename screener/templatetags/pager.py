"""``{% page_href %}``: the link to another page of a list, keeping the other query parameters."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_href(context: template.Context, number: int, param: str = "page") -> str:
    """``?<current query with param=number>``; filters and the other lists' pages are kept."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        return f"?{param}={number}"
    params[param] = str(number)
    return f"?{params.urlencode()}"
