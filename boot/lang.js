// The loading placeholder in the reader's language until the app starts (src/i18n.rs chooses
// the page's language after that, the article's first): the address's ?lang=, else the
// language the reader chose (remembered), else the browser's languages, mapped as
// Lang::from_tag maps them. Inlined by Trunk right after the placeholder, which it speaks for.
// Each text is the catalogue's `loading` (a unit test in src/i18n.rs compares them).
(function () {
  var words = {
    en: ["Loading…", "ltr"],
    ar: ["جارٍ التحميل…", "rtl"],
    ckb: ["بار دەکرێت…", "rtl"],
    kmr: ["Tê barkirin…", "ltr"]
  };
  function known(tag) {
    var parts = String(tag || "").toLowerCase().replace(/_/g, "-").split("-");
    if (words[parts[0]]) return parts[0];
    if (parts[0] !== "ku") return null;
    return parts.indexOf("arab") > 0 || parts.indexOf("iq") > 0 || parts.indexOf("ir") > 0 ? "ckb" : "kmr";
  }
  var lang = null;
  try { lang = known(new URLSearchParams(location.search).get("lang")); } catch (e) {}
  if (!lang) try { lang = known(localStorage.getItem("byline.lang")); } catch (e) {}
  var wanted = navigator.languages || [navigator.language];
  for (var i = 0; !lang && i < wanted.length; i++) lang = known(wanted[i]);
  var boot = document.getElementById("boot");
  var text = boot && boot.querySelector(".boot__text");
  if (!text || !lang || lang === "en") return;
  boot.lang = lang;
  boot.dir = words[lang][1];
  text.textContent = words[lang][0];
})();
