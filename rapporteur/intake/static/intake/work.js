// Solves a form's hashcash puzzle while the source types, so its ticket is usable
// at once (intake/throttle.py): the return form's attempt ticket, and the one-time
// token of every form that creates a submission. Progressive enhancement only:
// without JavaScript the ticket matures after a wait and the form works the same.
//
// SHA-256 is computed here in plain JavaScript, for one 64-byte block (the message,
// "challenge:nonce", is always shorter than 56 bytes) and only as far as the first
// 32 bits of the digest: several times faster than WebCrypto's one promise per
// hash, and it needs no secure context.
(function () {
  "use strict";
  var K = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
  ]);
  var W = new Int32Array(64);
  var block = new Uint8Array(64);

  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }

  // The first 32 bits of SHA-256(prefix + nonce), as an unsigned number.
  function firstWord(prefix, nonce) {
    var text = prefix + nonce;
    var length = text.length;
    block.fill(0);
    for (var i = 0; i < length; i++) { block[i] = text.charCodeAt(i); }
    block[length] = 0x80;
    block[62] = (length * 8) >>> 8;
    block[63] = (length * 8) & 0xff;
    for (var t = 0; t < 16; t++) {
      W[t] = (block[4 * t] << 24) | (block[4 * t + 1] << 16) | (block[4 * t + 2] << 8) | block[4 * t + 3];
    }
    for (t = 16; t < 64; t++) {
      var w15 = W[t - 15], w2 = W[t - 2];
      var s0 = rotr(w15, 7) ^ rotr(w15, 18) ^ (w15 >>> 3);
      var s1 = rotr(w2, 17) ^ rotr(w2, 19) ^ (w2 >>> 10);
      W[t] = (W[t - 16] + s0 + W[t - 7] + s1) | 0;
    }
    var a = 0x6a09e667 | 0, b = 0xbb67ae85 | 0, c = 0x3c6ef372 | 0, d = 0xa54ff53a | 0;
    var e = 0x510e527f | 0, f = 0x9b05688c | 0, g = 0x1f83d9ab | 0, h = 0x5be0cd19 | 0;
    for (t = 0; t < 64; t++) {
      var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + W[t]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    return (0x6a09e667 + a) >>> 0;
  }

  function work(form) {
    var bits = parseInt(form.getAttribute("data-work-bits"), 10);
    var challenge = form.getAttribute("data-challenge");
    if (!bits || bits > 32 || !challenge) { return; }
    var waitSeconds = parseInt(form.getAttribute("data-wait-seconds"), 10) || 0;
    var proofField = form.querySelector('input[name="proof"]');
    var status = form.querySelector("[data-work-status]");
    var note = form.querySelector("[data-work-note]");
    var prefix = challenge + ":";
    var solved = false;
    var sendWhenSolved = false;
    if (!proofField) { return; }

    function ready() {
      solved = true;
      if (note) { note.hidden = true; }
      if (sendWhenSolved) { form.submit(); }
    }

    // Search in slices, so the page stays responsive while the source types.
    function search(start) {
      if (solved) { return; }
      for (var nonce = start; nonce < start + 20000; nonce++) {
        if (Math.clz32(firstWord(prefix, nonce)) >= bits) {
          proofField.value = String(nonce);
          ready();
          return;
        }
      }
      window.setTimeout(function () { search(start + 20000); }, 0);
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
  }

  var forms = document.querySelectorAll("form[data-work-bits]");
  for (var i = 0; i < forms.length; i++) { work(forms[i]); }
})();
