/* The chronology overview on a narrow screen scrolls sideways; it opens showing the stretch
 * of the axis with the most marks, not its start, which may be months of nothing.
 * Without JavaScript the box simply opens at the start. */
(function () {
  "use strict";

  /* The left edge of the widest-populated window: two pointers over the sorted mark
   * positions, so linear after the sort however many marks there are. */
  function busiestStart(lefts, width) {
    var best = 0, bestCount = 0, end = 0;
    for (var start = 0; start < lefts.length; start++) {
      while (end < lefts.length && lefts[end] <= lefts[start] + width) { end++; }
      if (end - start > bestCount) { bestCount = end - start; best = lefts[start]; }
    }
    return best;
  }

  function openAtTheMarks(box) {
    var width = box.clientWidth;
    if (box.scrollWidth <= width) { return; }
    var origin = box.getBoundingClientRect().left - box.scrollLeft;
    var lefts = Array.prototype.map.call(box.querySelectorAll(".mark"), function (mark) {
      return mark.getBoundingClientRect().left - origin;
    }).sort(function (a, b) { return a - b; });
    if (!lefts.length) { return; }
    var margin = Math.min(24, width / 8);    /* a little axis before the first mark shown */
    box.scrollLeft = Math.max(0, busiestStart(lefts, width - 2 * margin) - margin);
  }

  Array.prototype.forEach.call(document.querySelectorAll(".overview-scroll"), openAtTheMarks);
})();
