/* evidence.js: the upload and delete controls of a record's evidence files (page/evidence.c).
 * The file goes as the raw request body with the session's CSRF token; the list itself needs no
 * script. XMLHttpRequest rather than fetch, for the older browsers of our users. */
'use strict';

(function () {
	function token(root) {
		var i = root.querySelector('input[name="_csrf"]');
		return i ? i.value : '';
	}

	/* The Chinese message of an error answer, or a general one. */
	function message(xhr, fallback) {
		try {
			var j = JSON.parse(xhr.responseText);
			if (j && j.error && j.error.message)
				return j.error.message;
		} catch (e) {
			/* not JSON: say the general thing */
		}
		return fallback + '（' + xhr.status + '）';
	}

	function send(method, url, root, body, type, done) {
		var xhr = new XMLHttpRequest();
		xhr.open(method, url);
		xhr.setRequestHeader('X-CSRF-Token', token(root));
		xhr.setRequestHeader('Content-Type', type);
		xhr.onload = function () { done(xhr); };
		xhr.onerror = function () { done(null); };
		xhr.send(body);
	}

	function setup(section) {
		var form = section.querySelector('form[data-evidence-upload]');
		var status = section.querySelector('.evidence-status');
		function say(text, bad) {
			if (!status)
				return;
			status.textContent = text;
			status.className = 'evidence-status' + (bad ? ' bad' : '');
		}
		if (form) {
			form.hidden = false;
			form.addEventListener('submit', function (ev) {
				ev.preventDefault();
				var input = form.querySelector('input[type="file"]');
				var file = input && input.files && input.files[0];
				if (!file) {
					say('请先选择要上传的文件', true);
					return;
				}
				say('正在上传……', false);
				var url = form.getAttribute('data-evidence-upload') + '?name=' + encodeURIComponent(file.name);
				send('POST', url, section, file, 'application/octet-stream', function (xhr) {
					if (xhr && xhr.status === 201)
						window.location.reload();
					else
						say(xhr ? message(xhr, '上传失败') : '网络错误，请稍后重试', true);
				});
			});
		}
		Array.prototype.forEach.call(section.querySelectorAll('[data-evidence-delete]'), function (btn) {
			btn.hidden = false;
			btn.addEventListener('click', function () {
				var reason = window.prompt('删除附件“' + btn.getAttribute('data-name') + '”，请填写删除原因：');
				if (reason === null)
					return;
				reason = reason.trim();
				if (reason === '') {
					say('请填写删除原因', true);
					return;
				}
				send('DELETE', btn.getAttribute('data-evidence-delete'), section,
					JSON.stringify({ reason: reason }), 'application/json', function (xhr) {
						if (xhr && xhr.status === 200)
							window.location.reload();
						else
							say(xhr ? message(xhr, '删除失败') : '网络错误，请稍后重试', true);
					});
			});
		});
	}

	Array.prototype.forEach.call(document.querySelectorAll('section.evidence'), setup);
})();
