/* app.js: the little the pages need from a script. Everything works without it. */
'use strict';

/* A form with data-confirm asks once, naming what it will do, before it is sent. */
document.addEventListener('submit', function (ev) {
	var form = ev.target;
	var text = form && form.getAttribute && form.getAttribute('data-confirm');
	if (text && !window.confirm(text))
		ev.preventDefault();
}, true);

/* Close the phone menu with Escape (the menu itself is a CSS checkbox toggle). */
document.addEventListener('keydown', function (ev) {
	var t = document.getElementById('nav-toggle');
	if (ev.key === 'Escape' && t && t.checked)
		t.checked = false;
});
