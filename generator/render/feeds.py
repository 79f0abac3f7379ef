"""Atom (notices), iCalendar (announced activities) and sitemap.xml, from public views only.

These are the only public files with absolute URLs (feed readers, calendar
apps and search engines need them), all made from ``base_url``. Timestamps
come from the content and from ``today``, never from the clock, so two builds
give the same bytes.
"""
from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape as xml_escape

from .filters import md
from .routes import href
from .templates import HTML_LANG, ui_words

CRLF = "\r\n"


def absolute(base_url: str, url: str) -> str:
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + href(url)


def _x(value) -> str:
    return xml_escape(str(value), {'"': "&quot;"})


def atom(info: dict, notices: list[dict], today: dt.date, feed_url: str, home_url: str) -> str:
    base = info["base_url"]
    updated = max((n["published"] for n in notices), default=today)
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{HTML_LANG.get(info.get("language"), "zh-CN")}">',
             f"<title>{_x(info['title'])} · {ui_words('党务公开', info.get('language'))}</title>",
             f'<link rel="self" href="{_x(absolute(base, feed_url))}"/>',
             f'<link rel="alternate" type="text/html" href="{_x(absolute(base, home_url))}"/>',
             f"<id>{_x(absolute(base, feed_url))}</id>",
             f"<updated>{updated.isoformat()}T00:00:00+08:00</updated>",
             f"<author><name>{_x(info['org'] or info['title'])}</name></author>"]
    for n in notices:
        link = absolute(base, n["url"])
        until = f" · {ui_words('公示期至', info.get('language'))} {n['until'].isoformat()}" if n["until"] else ""
        summary = f"{n['category']} · {n['stage']}" + until
        lines += ["<entry>", f"<title>{_x(n['title'])}</title>", f'<link href="{_x(link)}"/>', f"<id>{_x(link)}</id>",
                  f"<published>{n['published'].isoformat()}T00:00:00+08:00</published>",
                  f"<updated>{n['published'].isoformat()}T00:00:00+08:00</updated>",
                  f"<category term=\"{_x(n['category'])}\"/>", f"<summary>{_x(summary)}</summary>",
                  f'<content type="html">{_x(md(n["body"]))}</content>', "</entry>"]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def _ics_text(value) -> str:
    return (str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for ch in line:
        encoded = ch.encode("utf-8")
        if len(current) + len(encoded) > (75 if not out else 74):
            out.append(current.decode("utf-8"))
            current = b""
        current += encoded
    out.append(current.decode("utf-8"))
    return (CRLF + " ").join(out)


def _stamp(day: dt.date, time: str | None) -> str:
    hh, mm = (time or "00:00").split(":")[:2] if time else ("00", "00")
    return f"{day:%Y%m%d}T{int(hh):02d}{int(mm):02d}00"


def ical(info: dict, activities: list[dict], today: dt.date) -> str:
    """A VCALENDAR of the announced (future) activities, times in Asia/Shanghai."""
    host = info["base_url"].split("//", 1)[-1].split("/", 1)[0] or "zhibu"
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//zhibu//党务公开//ZH", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{_ics_text(info['title'])} · {ui_words('活动预告', info.get('language'))}", "X-WR-TIMEZONE:Asia/Shanghai",
             "BEGIN:VTIMEZONE", "TZID:Asia/Shanghai", "BEGIN:STANDARD", "DTSTART:19700101T000000",
             "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:CST", "END:STANDARD", "END:VTIMEZONE"]
    for a in activities:
        lines += ["BEGIN:VEVENT", f"UID:{a['branch']}-{a['stem']}@{host}",
                  f"DTSTAMP:{today:%Y%m%d}T000000Z",
                  f"DTSTART;TZID=Asia/Shanghai:{_stamp(a['date'], a.get('start'))}"]
        if a.get("end"):
            lines.append(f"DTEND;TZID=Asia/Shanghai:{_stamp(a['date'], a['end'])}")
        lines += [f"SUMMARY:{_ics_text(a['type'] + '：' + a['title'])}",
                  f"LOCATION:{_ics_text(a.get('place') or '')}",
                  f"DESCRIPTION:{_ics_text(a['branch_name'] + (chr(10) + a['summary'].strip() if a.get('summary') else ''))}",
                  f"URL:{absolute(info['base_url'], a['url'])}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return CRLF.join(_fold(line) for line in lines) + CRLF


def sitemap(base_url: str, page_urls: list[str]) -> str:
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url in sorted(page_urls):
        lines.append(f"<url><loc>{_x(absolute(base_url, url))}</loc></url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
