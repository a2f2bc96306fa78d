// Keyboard: "/" jumps to the page's first text field (search, filters), as many web
// tools do; Escape leaves it. Everything else is plain links and forms.
document.addEventListener("keydown", (event) => {
  const typing = event.target instanceof HTMLInputElement;
  if (event.key === "/" && !typing) {
    const field = document.querySelector("main input[type=text], main input:not([type])");
    if (field) { event.preventDefault(); field.focus(); }
  } else if (event.key === "Escape" && typing) {
    event.target.blur();
  }
});
