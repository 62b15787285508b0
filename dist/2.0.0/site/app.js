// The release's browsable site: the card, and one view per collection with
// search, filters by code and links along references. Data comes from
// data/*.js (loaded by <script src>, so the page works from file://).
(function () {
  "use strict";
  var META = window.DOCKET_META;
  var DATA = window.DOCKET_DATA || {};
  var main = document.getElementById("main");

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") node.textContent = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function escapeHtml(s) {
    return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  // Markdown as the card uses it: headings, paragraphs, lists, tables,
  // fenced code, images, links, code spans and bold.
  function inline(text) {
    var out = escapeHtml(text);
    out = out.replace(/`([^`]+)`/g, function (_, c) { return "<code>" + c + "</code>"; });
    out = out.replace(/!\[([^\]]*)\]\(([^)\s]+)\)/g, function (_, alt, src) {
      return '<img alt="' + alt + '" src="' + (/^[a-z]+:/.test(src) ? src : "../" + src) + '">';
    });
    out = out.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<a href="$2">$1</a>');
    out = out.replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>");
    out = out.replace(/\*([^*\s][^*]*)\*/g, "<em>$1</em>");
    return out;
  }

  function cells(line) {
    return line.replace(/^\||\|$/g, "").split(/(?<!\\)\|/).map(function (c) { return inline(c.trim().replace(/\\\|/g, "|")); });
  }

  function markdown(text) {
    var lines = text.split("\n"), html = [], i = 0;
    while (i < lines.length) {
      var line = lines[i];
      if (/^```/.test(line)) {
        var code = [];
        for (i++; i < lines.length && !/^```/.test(lines[i]); i++) code.push(lines[i]);
        html.push("<pre><code>" + escapeHtml(code.join("\n")) + "</code></pre>");
        i++;
      } else if (/^#{1,6} /.test(line)) {
        var level = line.match(/^#+/)[0].length;
        html.push("<h" + level + ">" + inline(line.slice(level + 1)) + "</h" + level + ">");
        i++;
      } else if (/^\|/.test(line)) {
        var head = cells(line), rows = [];
        for (i += 2; i < lines.length && /^\|/.test(lines[i]); i++) rows.push(cells(lines[i]));
        html.push("<table><thead><tr><th>" + head.join("</th><th>") + "</th></tr></thead><tbody>" +
          rows.map(function (r) { return "<tr><td>" + r.join("</td><td>") + "</td></tr>"; }).join("") + "</tbody></table>");
      } else if (/^[-*] /.test(line)) {
        var items = [];
        for (; i < lines.length && /^[-*] /.test(lines[i]); i++) items.push("<li>" + inline(lines[i].slice(2)) + "</li>");
        html.push("<ul>" + items.join("") + "</ul>");
      } else if (line.trim() === "") {
        i++;
      } else {
        var para = [];
        for (; i < lines.length && lines[i].trim() !== "" && !/^(#|\||```|[-*] )/.test(lines[i]); i++) para.push(lines[i]);
        html.push("<p>" + inline(para.join(" ")) + "</p>");
      }
    }
    return html.join("\n");
  }

  function collection(name) {
    return META.collections.filter(function (c) { return c.name === name; })[0];
  }

  function nameOf(view, record) {
    for (var i = 0; i < view.names.length; i++) {
      var v = record[view.names[i]];
      if (typeof v === "string" && v) return v;
    }
    return null;
  }

  function rows(name) {
    return (DATA[name] || { records: [] }).records;
  }

  function find(name, key) {
    return rows(name).filter(function (r) { return r.key === key; })[0];
  }

  function link(target, key) {
    var view = collection(target), row = view && find(target, key);
    var label = row ? nameOf(view, row.record) || key : key;
    return el("a", { href: "#/" + encodeURIComponent(target) + "/" + encodeURIComponent(key), title: key, "class": "ref" }, [label]);
  }

  function values(value) {
    return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  }

  function render(field, value) {
    if (value === undefined || value === null) return el("span", { "class": "none", text: "—" });
    if (field.references) {
      var span = el("span");
      values(value).forEach(function (v, i) {
        if (i) span.appendChild(document.createTextNode(", "));
        span.appendChild(link(field.references, String(v)));
      });
      return span;
    }
    if (field.fields && (field.kind === "object" || field.kind === "objects")) {
      var list = el("ul", { "class": "nested" });
      values(value).forEach(function (item) {
        var dl = el("dl");
        field.fields.forEach(function (sub) {
          if (item && item[sub.name] !== undefined && item[sub.name] !== null) {
            dl.appendChild(el("dt", { text: sub.name }));
            dl.appendChild(el("dd", {}, [render(sub, item[sub.name])]));
          }
        });
        list.appendChild(el("li", {}, [dl]));
      });
      return list;
    }
    if (Array.isArray(value)) return el("span", { text: value.map(function (v) { return typeof v === "string" ? v : JSON.stringify(v); }).join(" · ") });
    return el("span", { text: typeof value === "string" ? value : JSON.stringify(value) });
  }

  // A table cell shows the start of a long text; the record view shows it all.
  function brief(field, value) {
    var node = render(field, value);
    if (!field.references && typeof value === "string" && value.length > 160) {
      node.textContent = value.slice(0, 159) + "…";
      node.setAttribute("title", value);
    }
    return node;
  }

  function searchable(view, record) {
    var texts = [view.key.map(function (k) { return record[k]; }).join(" ")];
    view.search.forEach(function (path) {
      var found = [record];
      path.split(".").forEach(function (part) {
        var next = [];
        found.forEach(function (v) {
          values(v && typeof v === "object" && !Array.isArray(v) ? v[part] : undefined).forEach(function (x) { next.push(x); });
        });
        found = [].concat.apply([], next.map(values));
      });
      found.forEach(function (t) { if (typeof t === "string") texts.push(t); });
    });
    return texts.join("\n").toLowerCase();
  }

  function showHome() {
    main.innerHTML = "";
    var card = el("article", { "class": "card" });
    card.innerHTML = markdown(META.card);
    main.appendChild(card);
  }

  function showCollection(view, query) {
    main.innerHTML = "";
    var data = DATA[view.name] || { records: [], total: 0 };
    main.appendChild(el("h1", { text: view.title || view.name }));
    if (view.description) main.appendChild(el("p", { text: view.description }));
    if (data.total > data.records.length) {
      main.appendChild(el("p", { "class": "limit", text: "Showing the first " + data.records.length + " of " + data.total +
        " records (the site holds at most " + META.limit + " per collection); all of them are in " + view.files.join(", ") + "." }));
    }
    var search = el("input", { type: "search", id: "search", placeholder: "Search " + view.name, "aria-label": "Search" });
    search.value = query || "";
    var controls = el("div", { "class": "controls" }, [search]);
    var filters = [];
    view.fields.filter(function (f) { return f.kind === "code" || f.kind === "codes"; }).forEach(function (f) {
      var select = el("select", { "data-field": f.name, "aria-label": f.name }, [el("option", { value: "", text: f.name + ": any" })]);
      f.values.forEach(function (v) { select.appendChild(el("option", { value: v, text: v })); });
      filters.push(select);
      controls.appendChild(select);
    });
    var count = el("span", { "class": "count" });
    controls.appendChild(count);
    main.appendChild(controls);
    // Without a name, the free-text field with the most text says what a
    // record is.
    var described = view.names.slice(0, 1);
    if (!described.length) {
      var longest = 0;
      view.search.filter(function (p) { return p.indexOf(".") < 0; }).forEach(function (p) {
        var length = data.records.reduce(function (n, r) { return n + (typeof r.record[p] === "string" ? r.record[p].length : 0); }, 0);
        if (length > longest) { longest = length; described = [p]; }
      });
    }
    function pick(test) { return view.fields.filter(test); }
    var columns = pick(function (f) { return view.key.indexOf(f.name) >= 0; })
      .concat(pick(function (f) { return described.indexOf(f.name) >= 0; }))
      .concat(pick(function (f) {
        return view.key.indexOf(f.name) < 0 && described.indexOf(f.name) < 0 &&
          (f.kind === "code" || f.kind === "date" || (f.references && f.kind !== "objects"));
      })).slice(0, 7);
    var table = el("table", { "class": "records" });
    var head = el("tr");
    columns.forEach(function (f) { head.appendChild(el("th", { text: f.name, title: f.description || "" })); });
    table.appendChild(el("thead", {}, [head]));
    var body = el("tbody");
    table.appendChild(body);
    main.appendChild(table);
    var indexed = data.records.map(function (r) { return { row: r, text: searchable(view, r.record) }; });
    function update() {
      var q = search.value.trim().toLowerCase();
      body.innerHTML = "";
      var shown = 0;
      indexed.forEach(function (item) {
        if (q && item.text.indexOf(q) < 0) return;
        for (var i = 0; i < filters.length; i++) {
          var want = filters[i].value;
          if (want && values(item.row.record[filters[i].getAttribute("data-field")]).indexOf(want) < 0) return;
        }
        shown++;
        var tr = el("tr", { "data-key": item.row.key });
        columns.forEach(function (f) {
          var value = item.row.record[f.name];
          var cell = view.key.indexOf(f.name) >= 0 ?
            el("a", { href: "#/" + encodeURIComponent(view.name) + "/" + encodeURIComponent(item.row.key), text: String(value) }) :
            brief(f, value);
          tr.appendChild(el("td", {}, [cell]));
        });
        body.appendChild(tr);
      });
      count.textContent = shown + " of " + data.records.length;
    }
    search.addEventListener("input", update);
    filters.forEach(function (s) { s.addEventListener("change", update); });
    update();
  }

  function showRecord(view, key) {
    main.innerHTML = "";
    var row = find(view.name, key);
    main.appendChild(el("p", {}, [el("a", { href: "#/" + encodeURIComponent(view.name), text: "← " + view.name })]));
    if (!row) {
      main.appendChild(el("p", { "class": "limit", text: "Record " + key + " is not among the records this site holds; see " + view.files.join(", ") + "." }));
      return;
    }
    main.appendChild(el("h1", { id: "record-title", text: nameOf(view, row.record) || key }));
    var dl = el("dl", { "class": "record", "data-key": key });
    view.fields.forEach(function (f) {
      var value = row.record[f.name];
      if (value === undefined || value === null) return;
      dl.appendChild(el("dt", { text: f.name, title: f.description || "" }));
      dl.appendChild(el("dd", {}, [render(f, value)]));
    });
    main.appendChild(dl);
  }

  function route() {
    var parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
    var view = parts.length ? collection(parts[0]) : null;
    if (!view) showHome();
    else if (parts.length > 1) showRecord(view, parts.slice(1).join("/"));
    else showCollection(view);
    window.scrollTo(0, 0);
  }

  var nav = document.getElementById("collections");
  META.collections.forEach(function (c) {
    nav.appendChild(el("a", { href: "#/" + encodeURIComponent(c.name), text: c.name + " (" + c.total + ")" }));
  });
  window.addEventListener("hashchange", route);
  route();
})();
