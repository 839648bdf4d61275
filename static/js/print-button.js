/* Print pages (kwitansi, packing slip): show the print button only where printing works. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    if (typeof window.print !== "function") return;
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
