// Security keys and passkeys (WebAuthn) on the account page and at the second step
// of signing in. Progressive enhancement: the forms stay hidden, and a note says a
// key needs JavaScript, until this script finds a browser that can use keys.
//
// Each form asks its "begin" address for options (JSON, base64url for bytes), hands
// them to the browser, then puts the browser's answer, as JSON, in the form's
// "credential" field and sends the form the ordinary way. All messages come from
// data- attributes, already translated by the page.
(function () {
  "use strict";

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) { bytes[i] = binary.charCodeAt(i); }
    return bytes;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) { binary += String.fromCharCode(bytes[i]); }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withIds(descriptors) {
    return (descriptors || []).map(function (d) {
      return { type: d.type, id: toBytes(d.id), transports: d.transports };
    });
  }

  function creationOptions(json) {
    var options = json.publicKey;
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = withIds(options.excludeCredentials);
    return { publicKey: options };
  }

  function requestOptions(json) {
    var options = json.publicKey;
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = withIds(options.allowCredentials);
    return { publicKey: options };
  }

  function answer(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment || null,
      clientExtensionResults: {},
      response: { clientDataJSON: toText(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      json.response.attestationObject = toText(response.attestationObject);
    } else {
      json.response.authenticatorData = toText(response.authenticatorData);
      json.response.signature = toText(response.signature);
      if (response.userHandle) { json.response.userHandle = toText(response.userHandle); }
    }
    return JSON.stringify(json);
  }

  function enhance(form, makeOptions, askBrowser) {
    var status = form.querySelector("[data-passkey-status]");
    var note = document.querySelector("[data-passkey-needs-script]");
    var say = function (text) { status.textContent = text; };
    if (note) { note.hidden = true; }
    form.hidden = false;
    if (!window.PublicKeyCredential || !navigator.credentials) {
      form.querySelector("button").disabled = true;
      say(form.getAttribute("data-unsupported"));
      return;
    }
    var busy = false;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) { return; }
      busy = true;
      say("");
      fetch(form.getAttribute("data-begin"), {
        method: "POST", body: new FormData(form), credentials: "same-origin",
        headers: { "Accept": "application/json" }
      })
        .then(function (reply) { return reply.json(); })
        .then(function (json) {
          if (json.error) { throw { fromDesk: json.error }; }
          say(form.getAttribute("data-working"));
          return askBrowser(makeOptions(json));
        })
        .then(function (credential) {
          form.querySelector('input[name="credential"]').value = answer(credential);
          // The password was checked by the begin step; it need not travel twice.
          form.querySelectorAll('input[type="password"]').forEach(function (field) {
            field.value = "";
          });
          form.submit();
        })
        .catch(function (error) {
          busy = false;
          // The desk's own refusals are translated; the browser's are not shown.
          say(error && error.fromDesk ? error.fromDesk : form.getAttribute("data-failed"));
        });
    });
  }

  var adding = document.getElementById("passkey-add");
  if (adding) {
    enhance(adding, creationOptions, function (options) {
      return navigator.credentials.create(options);
    });
  }
  var signing = document.getElementById("passkey-sign-in");
  if (signing) {
    enhance(signing, requestOptions, function (options) {
      return navigator.credentials.get(options);
    });
  }
})();
