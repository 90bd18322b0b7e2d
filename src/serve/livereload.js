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

  var overlay = null;
  function showError(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "ideawiki-error-overlay";
      overlay.setAttribute("role", "alert");
      overlay.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
        "background:rgba(20,20,20,.94);color:#fff;padding:2rem;font:14px/1.5 monospace";
      var title = document.createElement("p");
      title.textContent = "ideawiki: the last save has errors; the page below is the last good version.";
      title.style.cssText = "font:bold 16px sans-serif;color:#ff8a80;margin:0 0 1rem";
      var pre = document.createElement("pre");
      pre.style.cssText = "white-space:pre-wrap;margin:0";
      overlay.appendChild(title);
      overlay.appendChild(pre);
      document.body.appendChild(overlay);
    }
    overlay.lastChild.textContent = message;
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
