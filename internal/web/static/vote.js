// Upvotes in place: the upvote button is a form that works without
// JavaScript (the browser posts it and comes back); with JavaScript the
// form is posted in the background and the button and count change where
// they are. Any failure falls back to posting the form the ordinary way.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.classList || !form.classList.contains("vote-form") || !window.fetch) {
    return;
  }
  event.preventDefault();
  var button = form.querySelector("button");
  var up = form.querySelector("input[name=up]");
  button.disabled = true;
  fetch(form.action, {
    method: "POST",
    body: new URLSearchParams(new FormData(form)),
    headers: { "Accept": "application/json" },
    credentials: "same-origin"
  }).then(function (response) {
    if (!response.ok) {
      throw new Error("vote refused: " + response.status);
    }
    return response.json();
  }).then(function (result) {
    var box = form.parentNode;
    box.querySelector(".count").textContent = result.upvotes;
    box.querySelector(".unit").textContent = result.upvotes === 1 ? "upvote" : "upvotes";
    up.value = result.upvoted ? "0" : "1";
    button.setAttribute("aria-pressed", result.upvoted ? "true" : "false");
    var label = button.getAttribute("aria-label").replace(/^[^:]*:/, "");
    button.setAttribute("aria-label", (result.upvoted ? "Remove your upvote" : "Upvote") + ":" + label);
    button.disabled = false;
  }).catch(function () {
    form.submit();
  });
});
