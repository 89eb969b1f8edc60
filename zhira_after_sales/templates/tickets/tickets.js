// Tickets on the portals: a form's fields and its one file (a photo made smaller on the phone, or a
// PDF) posted to a ticket endpoint as multipart; then reload or go to the ticket.
(function () {
	var portal = window.zhiraPortal || window.zhiraAgency;
	// a phone photo is several MB: send at most 1600 px on the long side, as JPEG
	function shrink(file) {
		if (!file || !file.type || file.type.indexOf("image/") !== 0 || !window.createImageBitmap)
			return Promise.resolve(file);
		return createImageBitmap(file)
			.then(function (bitmap) {
				var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
				if (scale === 1 && file.size < 1024 * 1024) return file;
				var canvas = document.createElement("canvas");
				canvas.width = Math.round(bitmap.width * scale);
				canvas.height = Math.round(bitmap.height * scale);
				canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
				return new Promise(function (resolve) {
					canvas.toBlob(
						function (blob) {
							resolve(blob || file);
						},
						"image/jpeg",
						0.85,
					);
				});
			})
			.catch(function () {
				return file;
			});
	}
	document.querySelectorAll("form[data-ticket-method]").forEach(function (form) {
		form.addEventListener("submit", function (event) {
			event.preventDefault();
			var buttons = form.querySelectorAll("button");
			buttons.forEach(function (b) {
				b.disabled = true;
			});
			var data = new FormData();
			var upload = null;
			Array.prototype.forEach.call(form.elements, function (field) {
				if (!field.name) return;
				if (field.type === "file") upload = field;
				else data.append(field.name, field.value);
			});
			var file = upload && upload.files[0];
			var named =
				file && file.type && file.type.indexOf("image/") === 0
					? "photo.jpg"
					: file && file.name;
			shrink(file)
				.then(function (blob) {
					if (blob) data.append(upload.name, blob, blob === file ? file.name : named);
					return portal.call(form.dataset.ticketMethod, null, data);
				})
				.then(function (answer) {
					var done = form.dataset.ticketDone || "reload";
					if (done === "reload") window.location.reload();
					else
						window.location.href = done.replace(
							"{name}",
							encodeURIComponent((answer && answer.name) || ""),
						);
				})
				.catch(function () {
					buttons.forEach(function (b) {
						b.disabled = false;
					});
				});
		});
	});
})();
