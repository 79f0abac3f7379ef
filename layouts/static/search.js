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
  if (window.location.protocol === "file:") {
    say("站内搜索需要通过网站服务器访问；直接打开本地文件时无法使用。请从“党务公开”和“各支部”页面浏览。");
    return;
  }
  // Pagefind imports its modules from bundlePath: it must be a path, not a relative name.
  var bundle = new URL(box.getAttribute("data-bundle"), window.location.href).pathname;
  var css = document.createElement("link");
  css.rel = "stylesheet";
  css.href = bundle + "pagefind-ui.css";
  var script = document.createElement("script");
  script.src = bundle + "pagefind-ui.js";
  script.onload = function () {
    document.head.appendChild(css);
    box.innerHTML = "";
    var base = new URL(box.getAttribute("data-root"), window.location.href).pathname;
    var ui = new window.PagefindUI({
      element: "#search", bundlePath: bundle, baseUrl: base, showImages: false, showSubResults: true,
      resetStyles: false, translations: { placeholder: "搜索公告、支部和活动", zero_results: "没有找到与“[SEARCH_TERM]”相关的内容" }
    });
    if (query) { ui.triggerSearch(query); }
  };
  script.onerror = function () { say("搜索索引暂时无法加载，请稍后再试，或从“党务公开”和“各支部”页面浏览。"); };
  document.head.appendChild(script);
}());
