// A page that waits for something (a paper being fetched from arXiv) says
// so with data-refresh="SECONDS" and is loaded again after that long, until
// it no longer waits. Without JavaScript it links to itself instead.
(function () {
  var el = document.querySelector("[data-refresh]");
  var seconds = el ? parseInt(el.getAttribute("data-refresh"), 10) : 0;
  if (seconds > 0) {
    setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }
})();
