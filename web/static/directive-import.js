/* directive-import.js: the import page posts the pasted text (JSON) or the chosen .txt/.docx file
 * (raw body) to the API and opens the directive's page; a refusal is shown beside the field it names,
 * with what was typed kept. */
'use strict';

document.addEventListener('DOMContentLoaded', function () {
	var form = document.getElementById('directive-import');
	var out = document.getElementById('import-result');
	if (!form || !out)
		return;

	function show(ok, text) {
		out.textContent = '';
		var p = document.createElement('p');
		p.className = 'notice ' + (ok ? 'ok' : 'error');
		p.textContent = text;
		out.appendChild(p);
	}

	// The API's field names as the form's controls: a file's name is the file box.
	var CONTROLS = {campaign_id: 'campaign_id', text: 'text', name: 'file', file: 'file'};

	function clearErrors() {
		var old = form.querySelectorAll('.field-error');
		for (var i = 0; i < old.length; i++)
			old[i].parentNode.removeChild(old[i]);
		var bad = form.querySelectorAll('[aria-invalid]');
		for (var k = 0; k < bad.length; k++)
			bad[k].removeAttribute('aria-invalid');
	}

	// A refusal beside its field (what was typed stays), or below the form when it names none.
	function refuse(field, text) {
		var el = field && CONTROLS[field] ? form.elements[CONTROLS[field]] : null;
		var ctl = el && el.closest ? el.closest('.ctl') : null;
		if (!ctl) {
			show(false, text);
			return;
		}
		out.textContent = '';
		var p = document.createElement('p');
		p.className = 'field-error';
		p.setAttribute('role', 'alert');
		p.textContent = text;
		ctl.appendChild(p);
		el.setAttribute('aria-invalid', 'true');
		el.focus();
	}

	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		clearErrors();
		var campaign = form.elements.campaign_id.value;
		var text = form.elements.text.value;
		var file = form.elements.file.files[0];
		var url = '/api/v1/directives';
		var headers = {'X-CSRF-Token': form.getAttribute('data-csrf') || ''};
		var body;
		if (file) {
			url += '?campaign_id=' + encodeURIComponent(campaign) + '&name=' +
				encodeURIComponent(file.name);
			headers['Content-Type'] = 'application/octet-stream';
			body = file;
		} else if (text.trim() !== '') {
			headers['Content-Type'] = 'application/json';
			body = JSON.stringify({campaign_id: Number(campaign), text: text});
		} else {
			refuse('text', '请粘贴文件全文或选择文件');
			return;
		}
		var button = form.querySelector('button');
		button.disabled = true;
		show(true, '正在读取……');
		fetch(url, {method: 'POST', credentials: 'same-origin', headers: headers, body: body})
			.then(function (res) {
				return res.json().then(function (j) { return {ok: res.ok, j: j}; });
			}).then(function (a) {
				if (a.ok && a.j.id) {
					window.location.href = '/directives/' + a.j.id;
					return;
				}
				var e = a.j.error || {};
				// a document that cannot be read is the fault of the box it came from
				var field = e.field ||
					(e.code === 'unreadable_document' ? (file ? 'file' : 'text') : null);
				refuse(field, e.message || '导入失败');
				button.disabled = false;
			}).catch(function () {
				show(false, '网络错误，请稍后重试');
				button.disabled = false;
			});
	});
});
