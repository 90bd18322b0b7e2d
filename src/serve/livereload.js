// Injected by `ideawiki serve` only (never by `ideawiki build`): reloads the page after
// each rebuild, keeping the scroll position; swaps stylesheets when only CSS changed; and
// shows a failed rebuild's error over the page until the next good save.
(function () {
  "use strict";
  var KEY = "ideawiki-scroll:" + location.pathname;
  try {
    var saved = sessionStorage.getItem(KEY);
    if (saved !== null) {
      sessionStorage.removeItem(KEY);
      var y = parseInt(saved, 10);
      window.addEventListener("load", function () { window.scrollTo(0, y); });
    }
  } catch (e) { /* storage disabled: reload without keeping the position */ }

  function reload() {
    try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) {}
    location.reload();
  }

  function swapCss() {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href);
      url.searchParams.set("ideawiki-reload", String(Date.now()));
      link.href = url.toString();
    });
  }

  // The overlay lives in a shadow root with its own styles, so no rule of the site's
  // theme (a `pre` background, a font) can make it unreadable; `all: initial` stops the
  // inherited ones too. Dark text on light or light on dark, as the reader's scheme is.
  var overlay = null;
  var STYLE = ":host{all:initial;position:fixed;inset:0;z-index:2147483647;display:block}" +
    ".box{box-sizing:border-box;height:100%;overflow:auto;padding:2rem;" +
    "background:#fff;color:#1b1b1b;font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace}" +
    "h2{font:bold 16px/1.4 system-ui,sans-serif;color:#a4161a;margin:0 0 1rem}" +
    "pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:0;padding:0;border:0;" +
    "background:none;color:inherit;font:inherit}" +
    "@media (prefers-color-scheme:dark){.box{background:#161616;color:#f2f2f2}h2{color:#ff9e99}}";
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "ideawiki-error-overlay";
      var root = overlay.attachShadow({ mode: "open" });
      var style = document.createElement("style");
      style.textContent = STYLE;
      var box = document.createElement("div");
      box.className = "box";
      box.setAttribute("role", "alert");
      var title = document.createElement("h2");
      title.textContent = "ideawiki: the last save has errors; the page below is the last good version.";
      box.appendChild(title);
      box.appendChild(document.createElement("pre"));
      root.appendChild(style);
      root.appendChild(box);
      document.body.appendChild(overlay);
    }
    overlay.shadowRoot.querySelector("pre").textContent = message;
  }

  var source = new EventSource("/__ideawiki/events");
  // Lets a test (or a curious developer) see whether this tab listens: readyState 1 = open.
  window.ideawikiLiveReload = source;
  source.addEventListener("reload", reload);
  source.addEventListener("css", function () {
    if (overlay) { reload(); } else { swapCss(); }
  });
  source.addEventListener("error", function (e) {
    // A MessageEvent carries a build error; a plain Event is the connection dropping
    // (server stopped or restarting), which EventSource retries by itself.
    if (e && typeof e.data === "string") {
      try { showError(JSON.parse(e.data).message); } catch (err) { showError(e.data); }
    }
  });
})();
