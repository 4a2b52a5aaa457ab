// Autocomplete for the search box: asks /search.json (its "hits") as the user types; arrows + Enter to pick. No dependencies.
(function () {
  "use strict";
  function setup(form) {
    var input = form.querySelector("input[data-autocomplete]");
    var list = form.querySelector("ul.suggest");
    if (!input || !list) return;
    var endpoint = input.getAttribute("data-autocomplete");
    var timer = null, active = -1, seq = 0;
    function pagePath(hit) { return hit.path ? hit.path.replace(/^\/id\//, "/page/") : hit.iri; }
    function close() { list.hidden = true; list.innerHTML = ""; active = -1; }
    function show(hits) {
      list.innerHTML = "";
      hits.forEach(function (hit) {
        var li = document.createElement("li"), a = document.createElement("a"), small = document.createElement("small");
        a.href = pagePath(hit);
        a.textContent = hit.label;
        small.textContent = hit.type || hit.kind || "";
        a.appendChild(small);
        li.appendChild(a);
        list.appendChild(li);
      });
      list.hidden = hits.length === 0;
      active = -1;
    }
    function fetchHits() {
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      var mine = ++seq;
      fetch(endpoint + "?limit=8&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
        .then(function (body) { if (mine === seq) show(body.hits || []); })
        .catch(close);
    }
    function highlight(delta) {
      var items = list.querySelectorAll("li");
      if (!items.length) return;
      if (active >= 0) items[active].classList.remove("active");
      active = (active + delta + items.length) % items.length;
      items[active].classList.add("active");
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(fetchHits, 120); });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); highlight(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); highlight(-1); }
      else if (e.key === "Escape") { close(); }
      else if (e.key === "Enter" && active >= 0) {
        e.preventDefault();
        window.location.href = list.querySelectorAll("li a")[active].getAttribute("href");
      }
    });
    document.addEventListener("click", function (e) { if (!form.contains(e.target)) close(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form.search"), setup);
  });
})();
