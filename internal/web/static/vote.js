// Upvotes and saves in place: the upvote and save buttons are forms that
// work without JavaScript (the browser posts them and comes back); with
// JavaScript the form is posted in the background and the button (and the
// upvote count) change where they are. Any failure falls back to posting
// the form the ordinary way.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var kind = !form.classList ? null : form.classList.contains("vote-form") ? vote : form.classList.contains("save-form") ? save : null;
  if (!kind || !window.fetch) {
    return;
  }
  event.preventDefault();
  var button = form.querySelector("button");
  button.disabled = true;
  fetch(form.action, {
    method: "POST",
    body: new URLSearchParams(new FormData(form)),
    headers: { "Accept": "application/json" },
    credentials: "same-origin"
  }).then(function (response) {
    if (!response.ok) {
      throw new Error("refused: " + response.status);
    }
    return response.json();
  }).then(function (result) {
    kind(form, button, result);
    button.disabled = false;
  }).catch(function () {
    form.submit();
  });
});

// relabel sets a toggle button's state and the start of its label, keeping
// the paper's title after the colon.
function relabel(button, pressed, label) {
  button.setAttribute("aria-pressed", pressed ? "true" : "false");
  var title = button.getAttribute("aria-label").replace(/^[^:]*:/, "");
  button.setAttribute("aria-label", label + ":" + title);
}

function vote(form, button, result) {
  var box = form.parentNode;
  box.querySelector(".count").textContent = result.upvotes;
  box.querySelector(".unit").textContent = result.upvotes === 1 ? "upvote" : "upvotes";
  form.querySelector("input[name=up]").value = result.upvoted ? "0" : "1";
  relabel(button, result.upvoted, result.upvoted ? "Remove your upvote" : "Upvote");
}

function save(form, button, result) {
  form.querySelector("input[name=save]").value = result.saved ? "0" : "1";
  button.textContent = result.saved ? "Saved" : "Save";
  relabel(button, result.saved, result.saved ? "Remove from your reading list" : "Save to your reading list");
}
