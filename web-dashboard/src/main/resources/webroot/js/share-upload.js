// "Share a file": files dropped on the page or picked are streamed to POST /api/shares, one after the other, each
// with its progress. XMLHttpRequest rather than fetch, for upload progress.

import { el } from './dom.js';
import * as fmt from './format.js';
import { getToken } from './token.js';

/**
 * @param {object} parts  zone (drop target and status list holder), input (file picker), status (list)
 * @param {object} deps   onError(message)
 */
export function createShareUpload({ zone, input, status }, { onError }) {
  const queue = [];
  let busy = false;

  function upload(file, line) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/shares?name=${encodeURIComponent(file.name)}`);
      xhr.setRequestHeader('Authorization', `Bearer ${getToken() || ''}`);
      xhr.upload.addEventListener('progress', (event) => {
        line.textContent = `Uploading ${file.name}: ${fmt.percent(event.loaded, event.total || file.size)} %`;
      });
      xhr.addEventListener('loadend', () => {
        let body = null;
        try {
          body = JSON.parse(xhr.responseText);
        } catch (e) {
          body = null;
        }
        if (xhr.status === 201 && body) {
          line.textContent = `Shared ${body.name} (${fmt.bytes(body.size)})`;
          line.dataset.state = 'shared';
        } else {
          const why = body && typeof body.error === 'string' ? body.error : 'the upload failed';
          line.textContent = `${file.name}: ${why}`;
          line.dataset.state = 'failed';
          onError(`${file.name}: ${why}`);
        }
        resolve();
      });
      xhr.send(file);
    });
  }

  async function drain() {
    if (busy) return;
    busy = true;
    while (queue.length > 0) {
      const { file, line } = queue.shift();
      await upload(file, line);
    }
    busy = false;
  }

  function add(files) {
    for (const file of files) {
      const line = el('li', { 'data-testid': 'upload', text: `Waiting: ${file.name}` });
      status.prepend(line);
      queue.push({ file, line });
    }
    drain();
  }

  input.addEventListener('change', () => {
    add([...input.files]);
    input.value = '';
  });
  // The whole page takes drops, so a file dropped beside the zone is not opened by the browser instead.
  document.addEventListener('dragover', (event) => {
    if (event.dataTransfer && [...event.dataTransfer.types].includes('Files')) {
      event.preventDefault();
      zone.classList.add('dragging');
    }
  });
  document.addEventListener('dragleave', (event) => {
    if (!event.relatedTarget) zone.classList.remove('dragging');
  });
  document.addEventListener('drop', (event) => {
    if (!event.dataTransfer || event.dataTransfer.files.length === 0) return;
    event.preventDefault();
    zone.classList.remove('dragging');
    add([...event.dataTransfer.files]);
  });

  return { add };
}
