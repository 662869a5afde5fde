// Typesets the TeX in titles and abstracts (elements of class "tex") with
// KaTeX's auto-render. It is a file of its own because the Content Security
// Policy allows no inline script; without JavaScript the TeX source shows.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof renderMathInElement !== "function") {
    return;
  }
  var options = {
    delimiters: [
      { left: "$$", right: "$$", display: true },
      { left: "\\[", right: "\\]", display: true },
      { left: "$", right: "$", display: false },
      { left: "\\(", right: "\\)", display: false }
    ],
    throwOnError: false
  };
  document.querySelectorAll(".tex").forEach(function (el) {
    renderMathInElement(el, options);
  });
});
