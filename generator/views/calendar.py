"""A year as twelve month grids (Monday first), each day holding the activities on it."""
from __future__ import annotations

import calendar
import datetime as dt
from functools import lru_cache

_CAL = calendar.Calendar(firstweekday=0)


@lru_cache(maxsize=256)
def _grid(year: int, month: int) -> tuple[tuple[tuple[dt.date, int, str] | None, ...], ...]:
    """The weeks of a month as (date, day, ISO date), days of other months as None (the same for every branch)."""
    return tuple(tuple((d, d.day, d.isoformat()) if d.month == month else None for d in week)
                 for week in _CAL.monthdatescalendar(year, month))


def year_calendar(year: int, items: list[dict], today: dt.date, themes: dict[int, dict] | None = None) -> list[dict]:
    """Twelve months: ``{"month", "theme", "weeks": [[{"day", "iso", "items", "today"} | None]]}``.

    ``items`` are views with a ``date``; each keeps only what a calendar cell shows
    (title, type, URL, whether it is still to come, whether it is a 主题党日).
    """
    by_day: dict[dt.date, list[dict]] = {}
    per_month = [0] * 13
    for item in sorted(items, key=lambda a: (a["date"], a.get("start") or "", a["url"])):
        if item["date"].year == year:
            by_day.setdefault(item["date"], []).append(
                {"title": item["title"], "type": item["type"], "url": item["url"], "upcoming": item.get("upcoming", False),
                 "theme_day": bool(item.get("theme_day"))})
            per_month[item["date"].month] += 1
    months = []
    for month in range(1, 13):
        weeks = [[None if c is None else {"day": c[1], "iso": c[2], "items": by_day.get(c[0], []), "today": c[0] == today}
                  for c in week] for week in _grid(year, month)]
        theme = (themes or {}).get(month)
        months.append({"month": month, "theme": theme.get("title") if theme else None,
                       "count": per_month[month], "weeks": weeks})
    return months
