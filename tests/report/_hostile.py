"""Hostile texts the report tests put where the report shows answers and names (a module of its own, so that the
browser test imports them by a name no other test folder's conftest shares)."""

XSS = "<script>alert('x')</script>售后态度很差"
HOSTILE_NAME = "<img src=x onerror=alert('n')>售后"
HOSTILE_ANSWER = "=HYPERLINK(\"http://x\")<b onmouseover=alert(1)>售后</b><script>alert('a')</script>"
