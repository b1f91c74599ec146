// Samverka's own script: confirmation before destructive actions.
// Forms with data-confirm ask first; the text comes from the page (translated).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
