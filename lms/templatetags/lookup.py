"""`{{ mapping|get_item:key }}`: a dictionary's value in a template (None when missing)."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None
