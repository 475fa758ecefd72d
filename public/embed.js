/*! Byline embed loader: comments, comment counts and latest comments on a partner's page.
 *
 *   <div data-byline-comments data-article="SLUG"></div>
 *   <div data-byline-comments data-url="https://PARTNER/page" data-title="TITLE"></div>
 *   <span data-byline-count data-article="SLUG"></span>  (or data-url="https://PARTNER/page")
 *   <div data-byline-latest data-limit="5"></div>
 *   <script async src="https://BYLINE/embed.js"></script>
 *
 * Options (data attributes on a widget): data-lang ("en", "ar", "ckb", "kmr"; else the page's
 * own <html lang> when it is one of these, else the reader's languages), data-theme
 * ("light", "dark" or "auto"), data-sort ("oldest" or "newest", comments only), and colours
 * (data-color-accent="#0a5c36", any name of the palette in the README). Each widget is an iframe on Byline's origin, so the page's CSS and
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

  // A page address made absolute (partners may write a relative one); as given if it is not one.
  function absolute(url) {
    try { return new URL(url, location.href).href; } catch (e) { return url; }
  }

  // The language a widget or count speaks: its data-lang, else the partner page's own; the
  // frame's title (what a screen reader names it by) and the counts' digits follow it. The
  // words are the catalogues' (comments-heading, latest-title), escaped: a partner's page may
  // not be UTF-8, and this file is read in its encoding.
  var titles = {
    en: ["Comments", "What you say"],
    ar: ["\u0627\u0644\u062a\u0639\u0644\u064a\u0642\u0627\u062a", "\u0645\u0627\u0630\u0627 \u062a\u0642\u0648\u0644\u0648\u0646"],
    ckb: ["\u0644\u06ce\u062f\u0648\u0627\u0646\u06d5\u06a9\u0627\u0646", "\u0626\u06ce\u0648\u06d5 \u0686\u06cc \u062f\u06d5\u06b5\u06ce\u0646"],
    kmr: ["\u015e\u00eerove", "H\u00fbn \u00e7i dib\u00eajin"]
  };
  function knownLang(el) {
    var tag = (el.getAttribute("data-lang") || document.documentElement.lang || "").toLowerCase();
    var code = tag === "ku" || tag.indexOf("ku-latn") === 0 ? "kmr"
      : tag.indexOf("ku-arab") === 0 ? "ckb" : tag.split("-")[0];
    return titles[code] ? code : null;
  }
  function langOf(el) {
    return knownLang(el) || "en";
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
    ["theme", "sort"].forEach(function (name) {
      var value = host.getAttribute("data-" + name);
      if (value) params[name] = value;
    });
    // Without a language of its own the widget speaks the partner page's, when it is one of
    // Byline's; else the reader's (the widget decides).
    var lang = knownLang(host);
    if (lang) params.lang = lang;
    // The partner's colours (data-color-accent="#0a5c36"…), hex only; the widget keeps to its
    // documented palette names.
    Array.prototype.forEach.call(host.attributes, function (attribute) {
      if (/^data-color-[a-z-]+$/.test(attribute.name) && /^#[0-9a-f]{3,8}$/i.test(attribute.value)) {
        params[attribute.name.slice(5)] = attribute.value;
      }
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

  // One request for every count on the page: articles by slug, partner pages by address.
  function counts(spans) {
    var asked = { articles: [], urls: [] };
    var keys = spans.map(function (span) {
      var url = span.getAttribute("data-url");
      var key = url ? ["urls", absolute(url)]
        : ["articles", span.getAttribute("data-article")];
      var list = asked[key[0]];
      if (key[1] && list.indexOf(key[1]) < 0 && asked.articles.length + asked.urls.length < 100) {
        list.push(key[1]);
      }
      return key;
    });
    if (!(asked.articles.length + asked.urls.length) || !window.fetch) return;
    fetch(base + "/api/v1/counts", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(asked)
    }).then(function (response) {
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (!answer) return;
      spans.forEach(function (span, i) {
        var n = (answer[keys[i][0] === "urls" ? "urls" : "counts"] || {})[keys[i][1]];
        var lang = langOf(span);
        if (typeof n === "number") {
          // The browser has no Kurdish numbers: Sorani writes Iraq's Arabic digits, Kurmanji
          // groups as Turkish does (as src/i18n.rs formats them).
          span.textContent = n.toLocaleString(lang === "ar" || lang === "ckb" ? "ar-IQ" : lang === "kmr" ? "tr" : lang);
        }
      });
    }, function () {});
  }

  function start() {
    var all = function (selector) {
      return Array.prototype.slice.call(document.querySelectorAll(selector));
    };
    all("[data-byline-comments]").forEach(function (host) {
      var url = host.getAttribute("data-url");
      frame(host, "/embed/comments", url
        ? { url: absolute(url), title: host.getAttribute("data-title") || "" }
        : { article: host.getAttribute("data-article") || "" },
        titles[langOf(host)][0], 480);
    });
    all("[data-byline-latest]").forEach(function (host) {
      frame(host, "/embed/latest", { limit: host.getAttribute("data-limit") || "5" },
        titles[langOf(host)][1], 320);
    });
    counts(all("[data-byline-count]"));
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
