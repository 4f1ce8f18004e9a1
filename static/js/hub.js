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

// "Add to my booklet" without reloading the page: the same form, sent in the background;
// the server answers with the button as it is now, the header link and a message to announce.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.id !== "booklet-add" && form.id !== "booklet-remove") return;
  var button = event.submitter;
  var holder = button && button.closest(".hub-booklet-button");
  if (!holder || form.dataset.plain || !window.fetch || !window.FormData) return;
  event.preventDefault();
  var data = new FormData(form);
  data.append(button.name, button.value);
  fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                       headers: { "Accept": "application/json" } })
    .then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    })
    .then(function (answer) {
      var fresh = document.createElement("template");
      fresh.innerHTML = answer.button.trim();
      holder.innerHTML = fresh.content.firstElementChild.innerHTML;
      document.getElementById("booklet-link").innerHTML = answer.link;
      document.getElementById("booklet-status").textContent = answer.message;
      holder.querySelector("button").focus();
    })
    .catch(function () {  // send it the plain way, which explains any problem on a page
      form.dataset.plain = "1";
      form.requestSubmit(button);
    });
});
