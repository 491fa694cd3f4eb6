// WBS intake: small progressive enhancements only; every page works without this file.
(function () {
  "use strict";

  // Anonymous or identified: show the optional identity fields only when identified.
  function syncIdentity() {
    var identified = document.getElementById("identified");
    var box = document.getElementById("identity-fields");
    if (identified && box) { box.hidden = !identified.checked; }
  }
  document.querySelectorAll("input[name=anonymous]").forEach(function (radio) {
    radio.addEventListener("change", syncIdentity);
  });
  syncIdentity();

  // Copy the receipt code (clipboard API on https; selection + execCommand on plain http).
  var copy = document.getElementById("copy-receipt");
  if (copy) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      var code = document.getElementById("receipt-code");
      var text = code.getAttribute("data-code");
      var done = document.getElementById("copy-done");
      function shown() { if (done) { done.hidden = false; } }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(shown, function () {});
      } else {
        var range = document.createRange();
        range.selectNodeContents(code);
        var sel = window.getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
        try { if (document.execCommand("copy")) { shown(); } } catch (e) { /* user copies by hand */ }
      }
    });
  }

  var print = document.getElementById("print-receipt");
  if (print) {
    print.hidden = false;
    print.addEventListener("click", function () { window.print(); });
  }

  // Tell the reporter early when chosen files are too many or too large (the server checks again).
  document.querySelectorAll("input[type=file][data-max-files]").forEach(function (input) {
    input.addEventListener("change", function () {
      var maxFiles = parseInt(input.getAttribute("data-max-files"), 10);
      var maxBytes = parseInt(input.getAttribute("data-max-bytes"), 10);
      var warn = document.getElementById(input.id + "-warning");
      var bad = input.files.length > maxFiles;
      for (var i = 0; i < input.files.length; i++) { if (input.files[i].size > maxBytes) { bad = true; } }
      if (warn) { warn.hidden = !bad; }
    });
  });
})();
