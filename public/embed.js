/*! Byline embed loader: comments, comment counts and latest comments on a partner's page.
 *
 *   <div data-byline-comments data-article="SLUG"></div>
 *   <span data-byline-count data-article="SLUG"></span>
 *   <div data-byline-latest data-limit="5"></div>
 *   <script async src="https://BYLINE/embed.js"></script>
 *
 * Options (data attributes on a widget): data-lang ("en", "ckb", "ar"…), data-theme
 * ("light" or "dark"), data-sort ("oldest" or "newest", comments only). Each widget is an iframe on Byline's origin, so the page's CSS and
 * Byline's cannot touch each other; it is loaded when it comes near the viewport and sized to
 * its content from the height the widget reports (messages from Byline's origin only). */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.URL) return;
  var base = new URL(script.src).origin;
  var frames = {};
  var count = 0;

  // Inline !important styles: a partner's `* { all: unset !important }` cannot undo them.
  function style(el, rules) {
    for (var name in rules) el.style.setProperty(name, rules[name], "important");
  }

  function whenNear(el, load) {
    if (!("IntersectionObserver" in window)) return load();
    var watcher = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watcher.disconnect();
        load();
      }
    }, { rootMargin: "600px 0px" });
    watcher.observe(el);
  }

  function frame(host, path, params, title, minHeight) {
    if (host.getAttribute("data-byline-ready")) return;
    host.setAttribute("data-byline-ready", "1");
    var id = "byline-" + ++count;
    params.frame = id;
    params.parent = location.origin;
    ["lang", "theme", "sort"].forEach(function (name) {
      var value = host.getAttribute("data-" + name);
      if (value) params[name] = value;
    });
    var query = Object.keys(params).map(function (key) {
      return encodeURIComponent(key) + "=" + encodeURIComponent(params[key]);
    }).join("&");
    var iframe = document.createElement("iframe");
    iframe.title = title;
    iframe.setAttribute("scrolling", "no");
    // Space kept from the start, so the page does not jump when the widget arrives.
    style(iframe, {
      display: "block", width: "100%", "min-width": "100%", border: "0", margin: "0",
      padding: "0", overflow: "hidden", height: minHeight + "px", "color-scheme": "normal",
      background: "transparent", visibility: "visible", opacity: "1"
    });
    frames[id] = iframe;
    host.appendChild(iframe);
    whenNear(host, function () { iframe.src = base + path + "?" + query; });
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== base || !data || data.byline !== "height") return;
    var iframe = frames[data.frame];
    if (!iframe || event.source !== iframe.contentWindow) return;
    var height = Math.ceil(Number(data.height));
    if (height > 0) style(iframe, { height: height + "px" });
  });

  function counts(spans) {
    var slugs = [];
    spans.forEach(function (span) {
      var slug = span.getAttribute("data-article");
      if (slug && slugs.indexOf(slug) < 0) slugs.push(slug);
    });
    if (!slugs.length || !window.fetch) return;
    fetch(base + "/api/v1/counts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ articles: slugs.slice(0, 100) })
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer) return;
      spans.forEach(function (span) {
        var n = answer.counts[span.getAttribute("data-article")];
        if (typeof n === "number") span.textContent = String(n);
      });
    }, function () {});
  }

  function start() {
    var all = function (selector) {
      return Array.prototype.slice.call(document.querySelectorAll(selector));
    };
    all("[data-byline-comments]").forEach(function (host) {
      frame(host, "/embed/comments", { article: host.getAttribute("data-article") || "" },
        "Reader comments", 480);
    });
    all("[data-byline-latest]").forEach(function (host) {
      frame(host, "/embed/latest", { limit: host.getAttribute("data-limit") || "5" },
        "Latest reader comments", 320);
    });
    counts(all("[data-byline-count]"));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
