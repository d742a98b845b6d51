// Solves the return form's hashcash puzzle while the source types, so the attempt
// ticket is usable at once (intake/throttle.py). Progressive enhancement only:
// without JavaScript the ticket matures after a wait and the form works the same.
(function () {
  "use strict";
  var form = document.getElementById("receipt-form");
  if (!form || !window.crypto || !window.crypto.subtle || !window.TextEncoder) { return; }
  var bits = parseInt(form.getAttribute("data-work-bits"), 10);
  var challenge = form.getAttribute("data-challenge");
  if (!bits || !challenge) { return; }
  var proofField = form.querySelector('input[name="proof"]');
  var status = document.getElementById("receipt-work-status");
  var encoder = new TextEncoder();
  var waitSeconds = parseInt(form.getAttribute("data-wait-seconds"), 10) || 0;
  var solved = false;
  var sendWhenSolved = false;
  var BATCH = 256;

  function leadingZeroBits(buffer) {
    var bytes = new Uint8Array(buffer);
    var count = 0;
    for (var i = 0; i < bytes.length; i++) {
      if (bytes[i] === 0) { count += 8; continue; }
      return count + Math.clz32(bytes[i]) - 24;
    }
    return count;
  }

  function ready() {
    solved = true;
    if (sendWhenSolved) { form.submit(); }
  }

  function search(start) {
    if (solved) { return; }
    var tries = [];
    for (var n = start; n < start + BATCH; n++) {
      tries.push(window.crypto.subtle.digest("SHA-256", encoder.encode(challenge + ":" + n)));
    }
    Promise.all(tries).then(function (digests) {
      for (var i = 0; i < digests.length; i++) {
        if (leadingZeroBits(digests[i]) >= bits) {
          proofField.value = String(start + i);
          ready();
          return;
        }
      }
      search(start + BATCH);
    });
  }

  form.addEventListener("submit", function (event) {
    if (solved) { return; }
    event.preventDefault();
    sendWhenSolved = true;
    if (status) { status.hidden = false; }
  });
  // The ticket matures by itself after the wait: whichever comes first will do.
  window.setTimeout(ready, (waitSeconds + 1) * 1000);
  search(0);
})();
