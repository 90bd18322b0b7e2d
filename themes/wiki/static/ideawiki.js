// ideawiki "wiki" theme: filters and sorting for the ideas table, and search. Pages work
// without it. Mind the page-weight budget (the theme's README).
(() => {
  "use strict";
  const $ = id => document.getElementById(id), each = (l, f) => [].forEach.call(l, f);
  const table = $("iw-ideas-table"), form = $("iw-filters"), box = $("iw-search");
  // The words shown, in English; a page in another language sends its own (#iw-strings,
  // keys as themes/wiki/i18n/en.yaml names them, without "script_").
  const T = {all: "All", showing: "Showing {n} of {m} ideas", showing_all: "Showing all {m} ideas",
    found: "{n} found", nothing_found: "Nothing found", unavailable: "Search is not available here.",
    ...JSON.parse($("iw-strings")?.text || "{}")};
  const say = (k, n, m) => T[k].replace("{n}", n).replace("{m}", m);

  if (table && form) {
    const body = table.tBodies[0], rows = [...body.rows], selects = form.querySelectorAll("select");
    const query = new URLSearchParams(location.search), names = {};
    // Terms in their natural order (easy < hard…), others by name.
    const rank = k => " easy small medium large hard open taken completed withdrawn ".indexOf(" " + k.split("/")[1] + " ");
    // A row's terms are its links' "taxonomy/slug", for root- and file-relative links alike.
    rows.forEach(row => {
      row.terms = {};
      each(row.getElementsByTagName("a"), a => {
        const k = a.pathname.replace(/index\.html$/, "").split("/").slice(-3, -1).join("/");
        row.terms[k] = names[k] = names[k] || a.textContent;
      });
    });
    each(selects, s => {
      const t = s.dataset.taxonomy + "/";
      s.add(new Option(T.all, ""));
      Object.keys(names).filter(k => !k.indexOf(t))
        .sort((a, b) => rank(a) - rank(b) || names[a].localeCompare(names[b]))
        .forEach(k => s.add(new Option(names[k], k.slice(t.length))));
      s.value = query.get(s.name);
      if (s.selectedIndex < 0) s.value = "";
      s.onchange = apply;
    });
    // Shows the rows that have every chosen term; the URL keeps the choice, to share.
    function apply(event) {
      let n = 0;
      rows.forEach(row => {
        n += !(row.hidden = ![].every.call(selects, s => !s.value || row.terms[s.dataset.taxonomy + "/" + s.value]));
      });
      form.querySelector("output").textContent = say(n < rows.length ? "showing" : "showing_all", n, rows.length);
      if (!event) return;
      each(selects, s => s.value ? query.set(s.name, s.value) : query.delete(s.name));
      const q = query.toString();
      history.replaceState(null, "", location.pathname + (q ? "?" + q : "") + location.hash);
    }
    form.onreset = e => setTimeout(apply, 0, e);
    form.onsubmit = e => e.preventDefault();
    form.hidden = false;
    apply();

    // Header buttons sort by the cells' first links, or numbers (data-sort); again, reverse.
    each(table.tHead.rows[0].cells, (th, col) => {
      const b = document.createElement("button"), num = th.dataset.sort;
      const key = row => {
        const c = row.cells[col];
        return num ? +(c.textContent.match(/\d+/) || [0])[0] : (c.querySelector("a") || c).textContent;
      };
      b.type = "button";
      b.textContent = th.textContent;
      th.replaceChildren(b);
      b.onclick = () => {
        const up = th.getAttribute("aria-sort") != "ascending";
        each(th.parentNode.cells, h => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        rows.sort((x, y) => {
          x = key(x), y = key(y);
          return (num ? x - y : x.localeCompare(y)) * (up ? 1 : -1);
        }).forEach(row => body.append(row));
      };
    });
  }

  // Search loads the index on first use. A page matches when each query word starts one of
  // its words; title matches rank first. Without the index (file:, say) the link stays.
  if (box && location.protocol != "file:") {
    const input = $("iw-q"), out = $("iw-search-results"), link = $("iw-search-link");
    const url = new URL(box.dataset.index, location.href);
    const words = s => " " + s.toLowerCase().split(/[^\p{L}\p{N}]+/u).join(" ");
    let docs, loading;
    const load = () => loading = loading || fetch(url).then(r => r.json()).then(j => {
      docs = j.docs;
      show();
    }, () => {
      link.hidden = false;
      out.textContent = T.unavailable;
    });
    const show = () => {
      const q = words(input.value).split(" ").filter(Boolean), found = [], ul = document.createElement("ul");
      if (!docs) return;
      out.replaceChildren();
      if (!q.length) return;
      docs.forEach((doc, i) => {
        const t = words(doc.t), w = " " + doc.w;
        let hits = 0;
        if (q.every(s => t.includes(" " + s) ? ++hits : w.includes(" " + s))) found.push([-hits, i, doc]);
      });
      found.sort((a, b) => a[0] - b[0] || a[1] - b[1]).slice(0, 10).forEach(([, , doc]) => {
        const li = document.createElement("li"), a = document.createElement("a");
        a.href = new URL(doc.u, url);
        a.textContent = doc.t;
        li.append(a, " " + (doc.c || ""));
        ul.append(li);
      });
      out.append(found.length ? say("found", found.length) : T.nothing_found, ul);
    };
    input.onfocus = load;
    input.oninput = () => { load(); show(); };
    box.onkeydown = e => {
      if (e.key == "Escape") input.value = "", show(), input.focus();
    };
    // Enter opens the first result.
    box.onsubmit = e => {
      e.preventDefault();
      out.querySelector("a")?.click();
    };
    box.hidden = false;
    link.hidden = true;
  }
})();
