// Typesets the page's TeX with KaTeX, loading KaTeX only when the page
// holds some, after the page has rendered: nothing here blocks it. Two kinds
// of element carry TeX:
//   - class "tex": arXiv titles and abstracts, LaTeX where every $ is math,
//     typeset by KaTeX's auto-render;
//   - class "math inline" or "math display": one formula of a comment,
//     delimiters included, found on the server (package usertext) by a
//     stricter rule that leaves "$5 and $10" alone.
// The script's data attributes name KaTeX's fingerprinted files. It is a
// file of its own because the Content Security Policy allows no inline
// script; without JavaScript the TeX source shows.
(function () {
  "use strict";
  var me = document.currentScript;

  // Delimiters of the "tex" elements, as LaTeX reads them.
  var texDelimiters = [
    { left: "$$", right: "$$", display: true },
    { left: "\\[", right: "\\]", display: true },
    { left: "$", right: "$", display: false },
    { left: "\\(", right: "\\)", display: false }
  ];

  // What KaTeX may do with TeX that users type: no links, no HTML, bounded
  // work.
  var options = { throwOnError: false, trust: false, maxSize: 20, maxExpand: 200 };

  function load(tag, attrs) {
    return new Promise(function (resolve, reject) {
      var el = document.createElement(tag);
      for (var k in attrs) {
        el[k] = attrs[k];
      }
      el.onload = resolve;
      el.onerror = reject;
      document.head.appendChild(el);
    });
  }

  // source strips a formula's delimiters.
  function source(text) {
    var open = text.startsWith("$$") || text.startsWith("\\[") || text.startsWith("\\(") ? 2 : 1;
    return text.slice(open, text.length - open);
  }

  function typeset(formulas, tex) {
    formulas.forEach(function (el) {
      try {
        katex.render(source(el.textContent), el, Object.assign({ displayMode: el.classList.contains("display") }, options));
      } catch (e) {
        // Left as typed; the other formulas are still typeset.
      }
    });
    tex.forEach(function (el) {
      renderMathInElement(el, Object.assign({ delimiters: texDelimiters }, options));
    });
  }

  function start() {
    var formulas = Array.prototype.slice.call(document.querySelectorAll("span.math"));
    var tex = Array.prototype.slice.call(document.querySelectorAll(".tex")).filter(function (el) {
      return /\$|\\\(|\\\[/.test(el.textContent);
    });
    if (formulas.length === 0 && tex.length === 0) {
      return;
    }
    // Scripts added by a script run in the order added when async is off.
    var loads = [
      load("link", { rel: "stylesheet", href: me.dataset.katexCss }),
      load("script", { src: me.dataset.katexJs, async: false })
    ];
    if (tex.length > 0) {
      loads.push(load("script", { src: me.dataset.autoRender, async: false }));
    }
    Promise.all(loads).then(function () {
      typeset(formulas, tex);
    }, function () {
      // KaTeX did not load: the TeX stays as typed.
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
