// exolint report: explanations on click, filters, print. Inlined into the page
// and allowed by its hash in the Content-Security-Policy. It builds the DOM
// only from nodes the server rendered (cloneNode, textContent, classList) and
// never parses strings as HTML, so linted copy stays text.
(function () {
  "use strict";
  var RANK = { error: 3, warning: 2, note: 1 };
  var docs = document.getElementById("documents");
  if (!docs) return; // the review server's start page has nothing to drive

  // Rows carry only their code and severity: the category is the rule's, read once here.
  var categoryOf = {};
  Array.prototype.forEach.call(document.querySelectorAll("article.rule"), function (rule) {
    categoryOf[rule.dataset.code] = rule.dataset.category;
  });
  // Rows carry no id: the n-th row of the page is finding n (report/view.py numbers them so).
  var findings = {}; // id -> {li, code, severity, category, doc, active}
  var n = 0;
  Array.prototype.forEach.call(docs.querySelectorAll("details.doc"), function (details) {
    Array.prototype.forEach.call(details.querySelectorAll("li.finding"), function (li) {
      var code = li.querySelector(".code").textContent;
      li.dataset.f = String(n);
      findings[n++] = {
        li: li, code: code, severity: severityOf(li), category: categoryOf[code],
        doc: details.dataset.doc, active: true
      };
    });
  });
  var marksOf = {}; // finding id -> its marks, in text order
  var marks = Array.prototype.map.call(docs.querySelectorAll("mark.hl"), function (mark) {
    var m = { el: mark, ids: mark.dataset.f.split(" "), severity: severityOf(mark) };
    m.ids.forEach(function (id) { (marksOf[id] = marksOf[id] || []).push(mark); });
    return m;
  });
  var panel = document.getElementById("panel");
  var panelBody = document.getElementById("panel-body");
  var current = null;

  function severityOf(el) {
    for (var s in RANK) if (el.classList.contains("sev-" + s)) return s;
    return "";
  }

  function activeIds(ids) {
    return ids.filter(function (id) { return findings[id] && findings[id].active; });
  }

  // --- explanation panel ---------------------------------------------------
  function explain(mark) {
    var ids = activeIds(mark.dataset.f.split(" "));
    if (!ids.length) return;
    var nodes = [];
    ids.forEach(function (id) {
      var f = findings[id];
      var item = document.createElement("div");
      item.className = "finding sev-" + f.severity;
      var head = f.li.cloneNode(true);
      head.removeAttribute("tabindex");
      item.appendChild(head);
      var quote = document.createElement("blockquote");
      quote.className = "sentence";
      quote.textContent = sentenceOf(id);
      item.appendChild(quote);
      var rule = document.getElementById("rule-" + f.code);
      if (rule) item.appendChild(rule.querySelector(".rule-body").cloneNode(true));
      nodes.push(item);
    });
    panelBody.replaceChildren.apply(panelBody, nodes);
    if (current) current.classList.remove("current");
    current = mark;
    mark.classList.add("current");
    panel.hidden = false;
    document.body.classList.add("panel-open");
    panel.scrollTop = 0;
  }

  // The sentence as highlighted: the text of every mark that shows this finding.
  function sentenceOf(id) {
    return (marksOf[id] || []).map(function (el) { return el.textContent; }).join("");
  }

  function closePanel() {
    panel.hidden = true;
    document.body.classList.remove("panel-open");
    if (current) { current.classList.remove("current"); current.focus(); current = null; }
  }

  docs.addEventListener("click", function (event) {
    var mark = event.target.closest("mark.hl");
    if (mark && !mark.classList.contains("off")) { explain(mark); return; }
    var li = event.target.closest("li.finding[tabindex]");
    if (li) showInText(li.dataset.f);
  });
  docs.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var mark = event.target.closest("mark.hl"), li = event.target.closest("li.finding[tabindex]");
    if (mark && !mark.classList.contains("off")) { event.preventDefault(); explain(mark); }
    else if (li) { event.preventDefault(); showInText(li.dataset.f); }
  });
  document.getElementById("panel-close").addEventListener("click", closePanel);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) closePanel();
  });

  function showInText(id) {
    var target = (marksOf[id] || [])[0];
    if (!target) return;
    target.closest("details").open = true;
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
    explain(target);
  }

  // --- filters ---------------------------------------------------------------
  function checked(name) {
    var on = {};
    Array.prototype.forEach.call(document.querySelectorAll("#filters input[name=" + name + "]"), function (box) {
      on[box.value] = box.checked;
    });
    return on;
  }

  function applyFilters() {
    var severities = checked("severity"), categories = checked("category");
    var select = document.getElementById("filter-file");
    var file = select ? select.value : "";
    var shown = 0;
    Object.keys(findings).forEach(function (id) {
      var f = findings[id];
      f.active = severities[f.severity] !== false && categories[f.category] !== false && (!file || f.doc === file);
      f.li.classList.toggle("hidden", !f.active);
      if (f.active) shown++;
    });
    marks.forEach(function (m) {
      var worst = "";
      activeIds(m.ids).forEach(function (id) {
        var s = findings[id].severity;
        if (!worst || RANK[s] > RANK[worst]) worst = s;
      });
      if (worst !== m.severity) {
        if (m.severity) m.el.classList.remove("sev-" + m.severity);
        if (worst) m.el.classList.add("sev-" + worst);
        m.severity = worst;
      }
      m.el.classList.toggle("off", !worst);
      if (worst) m.el.setAttribute("tabindex", "0"); else m.el.removeAttribute("tabindex");
    });
    Array.prototype.forEach.call(docs.querySelectorAll("details.doc"), function (d) {
      d.classList.toggle("hidden", !!file && d.dataset.doc !== file);
      if (file && d.dataset.doc === file) d.open = true;
    });
    document.getElementById("shown-count").textContent = String(shown);
    if (current && current.classList.contains("off")) closePanel();
  }

  var filters = document.getElementById("filters");
  if (filters) filters.addEventListener("change", applyFilters);

  // --- documents: expand, collapse, print ------------------------------------
  function setAll(open) {
    Array.prototype.forEach.call(docs.querySelectorAll("details.doc"), function (d) { d.open = open; });
  }
  var expand = document.getElementById("expand-all");
  if (expand) expand.addEventListener("click", function () { setAll(true); });
  var collapse = document.getElementById("collapse-all");
  if (collapse) collapse.addEventListener("click", function () { setAll(false); });

  // Paper shows every document: open them for printing, then restore.
  var closed = [];
  window.addEventListener("beforeprint", function () {
    // On paper a highlight names its rules (print CSS shows data-codes after it).
    marks.forEach(function (m) {
      m.el.dataset.codes = m.ids.map(function (id) { return findings[id] ? findings[id].code : ""; }).join(" ");
    });
    closed = Array.prototype.filter.call(docs.querySelectorAll("details.doc"), function (d) { return !d.open; });
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
  document.documentElement.classList.add("js");
})();
