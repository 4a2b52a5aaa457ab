// Chart panels loaded after the page, as Scholia loads its panels: each placeholder <section data-panel="URL"> is
// replaced by the panel fragment at URL (its <section class="chart-panel">); a panel without data (the fragment's
// section is .chart-empty, or a 204) removes the placeholder; a failure leaves its plain link. No dependencies.
(function () {
  "use strict";
  function failed(slot) {
    slot.removeAttribute("aria-busy");
    slot.classList.add("chart-failed");
  }
  function load(slot) {
    fetch(slot.getAttribute("data-panel"), { headers: { Accept: "text/html" }, credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 204) { slot.remove(); return null; }
        if (!response.ok) throw new Error("panel: HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        if (html === null) return;
        var panel = new DOMParser().parseFromString(html, "text/html").querySelector("section.chart-panel");
        if (!panel) throw new Error("panel: no section in the answer");
        if (panel.classList.contains("chart-empty")) slot.remove();
        else slot.replaceWith(document.importNode(panel, true));
      })
      .catch(function () { failed(slot); });
  }
  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("section.chart-panel[data-panel]"), load);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
