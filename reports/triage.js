// exolint triage dashboard: filter the sites table by name (inlined; loads nothing).
(function () {
  "use strict";
  var box = document.getElementById("site-filter");
  if (!box) { return; }
  box.addEventListener("input", function () {
    var needle = box.value.trim().toLowerCase();
    var rows = document.querySelectorAll("tbody.site");
    for (var i = 0; i < rows.length; i++) {
      var name = rows[i].getAttribute("data-site") || "";
      rows[i].hidden = needle !== "" && name.indexOf(needle) === -1;
    }
  });
})();
