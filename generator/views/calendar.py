"""A year as twelve month grids (Monday first), each day holding the activities on it."""
from __future__ import annotations

import calendar
import datetime as dt

_CAL = calendar.Calendar(firstweekday=0)


def year_calendar(year: int, items: list[dict], today: dt.date, themes: dict[int, dict] | None = None) -> list[dict]:
    """Twelve months: ``{"month", "theme", "weeks": [[{"day", "iso", "items", "today"} | None]]}``.

    ``items`` are views with a ``date``; each keeps only what a calendar cell shows
    (title, type, URL, whether it is still to come).
    """
    by_day: dict[dt.date, list[dict]] = {}
    for item in sorted(items, key=lambda a: (a["date"], a.get("start") or "", a["url"])):
        if item["date"].year == year:
            by_day.setdefault(item["date"], []).append(
                {"title": item["title"], "type": item["type"], "url": item["url"], "upcoming": item.get("upcoming", False)})
    months = []
    for month in range(1, 13):
        weeks = []
        for week in _CAL.monthdatescalendar(year, month):
            weeks.append([None if d.month != month else
                          {"day": d.day, "iso": d.isoformat(), "items": by_day.get(d, []), "today": d == today}
                          for d in week])
        theme = (themes or {}).get(month)
        months.append({"month": month, "theme": theme.get("title") if theme else None,
                       "count": sum(len(by_day.get(dt.date(year, month, d), ()))
                                    for d in range(1, calendar.monthrange(year, month)[1] + 1)),
                       "weeks": weeks})
    return months
