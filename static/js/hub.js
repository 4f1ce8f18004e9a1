// Enhancements only: every journey works without this file.
document.documentElement.classList.add("js-enabled");

document.addEventListener("DOMContentLoaded", function () {
  // "Use my location": fills the near box with coordinates the server understands.
  document.querySelectorAll("[data-hub-locate]").forEach(function (button) {
    if (!("geolocation" in navigator)) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var input = document.getElementById(button.getAttribute("data-hub-locate"));
      var status = document.getElementById(button.getAttribute("data-hub-status"));
      status.textContent = button.getAttribute("data-finding");
      navigator.geolocation.getCurrentPosition(function (position) {
        input.value = position.coords.latitude.toFixed(4) + "," + position.coords.longitude.toFixed(4);
        status.textContent = button.getAttribute("data-found");
        if (input.form) input.form.submit();
      }, function () {
        status.textContent = button.getAttribute("data-failed");
      }, { timeout: 10000 });
    });
  });
});
