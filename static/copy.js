// A "Copy" button beside a read-only field (data-copy = the field's id): shown only when this
// script runs; without it the field's text is selectable as it is.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var field = document.getElementById(button.getAttribute("data-copy"));
  var done = button.parentNode.querySelector("[data-copied]");
  if (!field) {
    return;
  }
  button.hidden = false;
  button.addEventListener("click", function () {
    field.focus();
    field.select();
    var shown = function () {
      if (done) {
        done.hidden = false;
      }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(shown, function () {
        if (document.execCommand("copy")) {
          shown();
        }
      });
    } else if (document.execCommand("copy")) {
      shown();
    }
  });
});
