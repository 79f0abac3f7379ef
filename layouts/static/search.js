/* Search page: Pagefind's UI over the index in pagefind/. From file:// the index
   cannot be loaded (browsers forbid it), so the page says so instead. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  var note = document.getElementById("search-note");
  if (!box || !note) { return; }
  var query = new URLSearchParams(window.location.search).get("q") || "";
  var input = document.getElementById("search-q");
  if (input) { input.value = query; }
  function say(text) { note.textContent = text; note.hidden = false; }
  // The page's words come from the page (a template, so in the site's script); these are the fallbacks.
  function words(name, fallback) { return box.getAttribute("data-" + name) || fallback; }
  if (window.location.protocol === "file:") {
    say(words("from-file", "站内搜索需要通过网站服务器访问；直接打开本地文件时无法使用。请从“党务公开”和“各支部”页面浏览。"));
    return;
  }
  // Pagefind imports its modules from bundlePath: it must be a path, not a relative name.
  var bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
  var base = new URL(box.getAttribute("data-root"), window.location.href).pathname;
  function unavailable() { say(words("unavailable", "搜索索引暂时无法加载，请稍后再试，或从“党务公开”和“各支部”页面浏览。")); }
  // The index comes in shards (the activities of each year, and the rest); shards.json
  // lists them, the first one's bundle runs the search and the others are merged into it.
  fetch(bundle + "shards.json").then(function (response) {
    if (!response.ok) { throw new Error(String(response.status)); }
    return response.json();
  }).then(function (shards) {
    if (!shards.length) { throw new Error("empty"); }
    var primary = bundle + shards[0] + "/";
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = primary + "pagefind-ui.css";
    var script = document.createElement("script");
    script.src = primary + "pagefind-ui.js";
    script.onload = function () {
      document.head.appendChild(css);
      box.innerHTML = "";
      var ui = new window.PagefindUI({
        element: "#search", bundlePath: primary, baseUrl: base, showImages: false, showSubResults: true,
        resetStyles: false,
        mergeIndex: shards.slice(1).map(function (shard) { return { bundlePath: bundle + shard + "/", baseUrl: base }; }),
        translations: { placeholder: words("placeholder", "搜索公告、支部和活动"),
                        zero_results: words("zero-results", "没有找到与“[SEARCH_TERM]”相关的内容") }
      });
      if (query) { ui.triggerSearch(query); }
    };
    script.onerror = unavailable;
    document.head.appendChild(script);
  }).catch(unavailable);
}());
