"""The site's style sheet and its one script (the index's search), inlined in the pages: nothing is fetched."""

from __future__ import annotations

STYLE = """
body { font: 16px/1.5 system-ui, sans-serif; color: #1d1d1f; margin: 0; }
nav { background: #1d3557; padding: .6em 1.2em; }
nav a { color: #fff; text-decoration: none; font-weight: 600; }
main { max-width: 52em; margin: 0 auto; padding: 1em 1.2em 3em; }
main.wide { max-width: none; }
h1 { line-height: 1.2; }
.meta { color: #555; font-size: .9em; }
code { background: #f1f1f4; padding: 0 .25em; border-radius: 3px; }
.verdict { display: inline-block; background: #e8f0fe; border-radius: 4px; padding: 0 .4em; font-size: .9em; }
#search { width: 100%; font-size: 1.1em; padding: .5em; box-sizing: border-box; }
#answers li, .list li { margin: .6em 0; }
#answers p { margin: .1em 0; color: #444; font-size: .92em; }
section.outcome { border-left: 4px solid #2e7d32; padding-left: 1em; margin: 1.5em 0; }
.figure { overflow-x: auto; border: 1px solid #ddd; border-radius: 6px; padding: .5em; background: #fcfcfd;
  width: max-content; max-width: calc(100vw - 3em); box-sizing: border-box;
  position: relative; left: 50%; transform: translateX(-50%); }
.diagram text { font: 12px system-ui, sans-serif; text-anchor: middle; fill: #1d1d1f; }
.diagram .edge { fill: none; stroke: #8a8f98; stroke-width: 1.3; }
.diagram marker path { fill: #8a8f98; }
.diagram .edge-label rect { fill: #fff; opacity: .92; }
.diagram .edge-label text { font-size: 10px; fill: #444; }
.diagram .question rect { fill: #fff8e1; stroke: #b7950b; }
.diagram .outcome rect { fill: #e8f5e9; stroke: #2e7d32; }
.diagram .entry rect { fill: #e3f2fd; stroke: #1565c0; }
.diagram .entry rect.inner { fill: none; }
.diagram a:hover rect { stroke-width: 2.5; }
"""

# Ranks like `refundbot answers search`: each query word scores its best match among an answer's weighted words
# (exact, the start of a longer word while typing, or one or two letters off for longer words; short words
# only match exactly, as there).
SEARCH = """
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("search-index").textContent);
  var stop = new Set(data.stop);
  var input = document.getElementById("search");
  var list = document.getElementById("answers");
  var status = document.getElementById("search-status");
  var items = Array.prototype.slice.call(list.children);
  var byId = {};
  items.forEach(function (li) { byId[li.getAttribute("data-id")] = li; });

  function words(text) {
    return (text.toLowerCase().match(/[a-z0-9$%]+/g) || []).filter(function (w) { return !stop.has(w); });
  }
  function distance(a, b) {
    var previous = [], current, i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      current = [i];
      for (j = 1; j <= b.length; j++) {
        current.push(Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)));
      }
      previous = current;
    }
    return previous[b.length];
  }
  function similarity(word, term) {
    if (word === term) return 1;
    if (word.length >= 4 && term.indexOf(word) === 0) return 0.6;
    var allowed = word.length >= 8 ? 2 : 1;
    var near = word.length >= 4 && Math.abs(word.length - term.length) <= allowed;
    return near && distance(word, term) <= allowed ? 0.7 : 0;
  }
  function search() {
    var query = words(input.value);
    if (!query.length) {
      items.forEach(function (li) { li.hidden = false; list.appendChild(li); });
      status.textContent = "";
      return;
    }
    var found = data.answers.map(function (answer) {
      var score = 0;
      query.forEach(function (word) {
        var best = 0;
        Object.keys(answer.terms).forEach(function (term) {
          best = Math.max(best, similarity(word, term) * answer.terms[term]);
        });
        score += best;
      });
      return {id: answer.id, score: score};
    }).filter(function (hit) { return hit.score > 0; });
    found.sort(function (a, b) { return b.score - a.score || (a.id < b.id ? -1 : 1); });
    items.forEach(function (li) { li.hidden = true; });
    found.forEach(function (hit) { byId[hit.id].hidden = false; list.appendChild(byId[hit.id]); });
    status.textContent = found.length ? found.length + (found.length === 1 ? " answer matches." : " answers match.")
                                      : "No answer matches; try other words.";
  }
  input.addEventListener("input", search);
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) { input.value = asked; }
  search();
})();
"""
