// Progressive enhancement for the public tip pages; everything works without it.
(function () {
  "use strict";
  var printButton = document.querySelector(".js-print");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var locate = document.querySelector(".js-locate");
  var status = document.querySelector(".js-locate-status");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (locate && lat && lng && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = locate.dataset.waiting || "…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        status.textContent = "✓";
      }, function () {
        status.textContent = "✗";
      }, { enableHighAccuracy: true, timeout: 15000 });
    });
  }
  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
