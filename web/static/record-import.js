/* record-import.js: the import page posts the chosen CSV file as it is to the API and shows the
 * report, line by line, as text (never as markup). */
'use strict';

document.addEventListener('DOMContentLoaded', function () {
	var form = document.getElementById('record-import');
	var out = document.getElementById('import-result');
	if (!form || !out)
		return;

	function show(ok, title, rows) {
		out.textContent = '';
		var p = document.createElement('p');
		p.className = 'notice ' + (ok ? 'ok' : 'error');
		p.textContent = title;
		out.appendChild(p);
		if (!rows || rows.length === 0)
			return;
		var ul = document.createElement('ul');
		ul.className = 'import-errors';
		rows.forEach(function (row) {
			var li = document.createElement('li');
			li.textContent = '第 ' + row.line + ' 行：' + row.message;
			ul.appendChild(li);
		});
		out.appendChild(ul);
	}

	form.addEventListener('submit', function (ev) {
		ev.preventDefault();
		var file = form.elements.file.files[0];
		var kind = form.elements.kind.value;
		if (!file)
			return;
		var button = form.querySelector('button');
		button.disabled = true;
		show(true, '正在检查……', null);
		fetch('/api/v1/records/import?kind=' + encodeURIComponent(kind), {
			method: 'POST',
			credentials: 'same-origin',
			headers: {'Content-Type': 'text/csv', 'X-CSRF-Token': form.getAttribute('data-csrf') || ''},
			body: file
		}).then(function (res) {
			return res.json().then(function (j) { return {ok: res.ok, j: j}; });
		}).then(function (a) {
			if (a.ok) {
				show(true, '已导入 ' + a.j.imported + ' 条台账。', null);
				return;
			}
			var rows = a.j.rows || [];
			var title = (a.j.error && a.j.error.message) || '导入失败';
			if (a.j.more)
				rows = rows.concat([{line: '…', message: '另有 ' + a.j.more + ' 行有错误'}]);
			show(false, title, rows);
		}).catch(function () {
			show(false, '网络错误，请稍后重试', null);
		}).then(function () {
			button.disabled = false;
		});
	});
});
