// Progressive enhancement for the public tip pages; everything works without it.
(function () {
  "use strict";

  // Quick exit: leave for the neutral page and take this one out of the tab's history
  // (location.replace), so Back does not return to the form. Without JavaScript the link
  // still leaves.
  var exits = document.querySelectorAll(".js-quick-exit");
  Array.prototype.forEach.call(exits, function (exit) {
    exit.addEventListener("click", function (event) {
      event.preventDefault();
      try { document.title = ""; document.body.hidden = true; } catch (e) { /* best effort */ }
      window.location.replace(exit.href);
    });
  });

  var printButton = document.querySelector(".js-print");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }

  // "Use my location": says in words what happened (the texts come from the page, translated).
  var locate = document.querySelector(".js-locate");
  var status = document.querySelector(".js-locate-status");
  var lat = document.getElementById("id_latitude");
  var lng = document.getElementById("id_longitude");
  if (locate && status && lat && lng && navigator.geolocation) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      status.textContent = locate.dataset.waiting;
      locate.disabled = true;
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        status.textContent = locate.dataset.found.replace(
          "%(metres)s", String(Math.round(pos.coords.accuracy || 0)));
        locate.disabled = false;
      }, function (error) {
        var reasons = {1: "denied", 2: "unavailable", 3: "timeout"};
        status.textContent = locate.dataset[reasons[error.code] || "unavailable"];
        locate.disabled = false;
      }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
    });
  }

  // Neighbourhoods follow the chosen ward: only its group is offered (without JavaScript
  // every ward's group is shown, labelled with the ward's name).
  var ward = document.getElementById("id_ward");
  var hood = document.getElementById("id_neighbourhood");
  if (ward && hood) {
    var groups = Array.prototype.slice.call(hood.querySelectorAll("optgroup[data-ward]"));
    var filter = function () {
      var chosen = hood.value;
      groups.forEach(function (group) {
        if (group.parentNode) { group.parentNode.removeChild(group); }
      });
      groups.forEach(function (group) {
        if (!ward.value || group.getAttribute("data-ward") === ward.value) {
          hood.appendChild(group);
        }
      });
      hood.value = chosen;
      if (hood.value !== chosen) { hood.value = ""; }
      hood.disabled = hood.querySelectorAll("optgroup").length === 0;
    };
    ward.addEventListener("change", filter);
    filter();
  }

  // One tip per click: a second click while the first is on its way would only replay it.
  Array.prototype.forEach.call(document.querySelectorAll("form[method=post]"), function (form) {
    form.addEventListener("submit", function () {
      var button = form.querySelector("button[type=submit]");
      if (button) { window.setTimeout(function () { button.disabled = true; }, 0); }
    });
  });

  var errors = document.getElementById("form-errors");
  if (errors) { errors.focus(); }
})();
