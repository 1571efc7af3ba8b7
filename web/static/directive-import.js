/* directive-import.js: the import page posts the pasted text (JSON) or the chosen .txt/.docx file
 * (raw body) to the API and opens the directive's page; an error is shown as text. */
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

	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
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
			show(false, '请粘贴文件全文或选择文件');
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
				show(false, (a.j.error && a.j.error.message) || '导入失败');
				button.disabled = false;
			}).catch(function () {
				show(false, '网络错误，请稍后重试');
				button.disabled = false;
			});
	});
});
