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

/*
 * A long unit list (select[data-filter]) gets a box that narrows it as one
 * types, so a unit among hundreds is found by a part of its name. The box
 * has no name, so it is never sent with the form.
 */
function narrow(sel, box) {
	var q = box.value.trim();
	var first = null;
	Array.prototype.forEach.call(sel.options, function (o) {
		var show = q === '' || o.value === '' || o.text.indexOf(q) >= 0;
		o.hidden = !show;
		if (show && first === null && o.value !== '')
			first = o;
	});
	var cur = sel.options[sel.selectedIndex];
	if (q !== '' && first !== null && (!cur || cur.hidden || cur.value === ''))
		sel.value = first.value;
}

function addFilter(sel) {
	var wrap = document.createElement('span');
	var box = document.createElement('input');
	wrap.className = 'pick';
	box.type = 'search';
	box.className = 'pick-filter';
	box.placeholder = sel.getAttribute('data-filter');
	box.setAttribute('aria-label', sel.getAttribute('data-filter'));
	sel.parentNode.insertBefore(wrap, sel);
	wrap.appendChild(box);
	wrap.appendChild(sel);
	box.addEventListener('input', function () { narrow(sel, box); });
	// Enter in the box picks the first match instead of sending the form half-filled.
	box.addEventListener('keydown', function (ev) {
		if (ev.key === 'Enter') {
			ev.preventDefault();
			sel.focus();
		}
	});
}

document.addEventListener('DOMContentLoaded', function () {
	Array.prototype.forEach.call(document.querySelectorAll('select[data-filter]'), addFilter);
});
