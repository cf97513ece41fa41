import { render } from 'preact';
import type { ExplorerModel } from '../src/server/explorer-model.js';
import { App } from './app.js';
import './style.css';

const root = document.getElementById('app') as HTMLElement;
const params = new URLSearchParams(location.search);
fetch('/explorer/model.json')
  .then((response) => response.json() as Promise<ExplorerModel>)
  .then((model) =>
    render(
      <App model={model} initial={{ type: params.get('type') ?? '', id: params.get('id') ?? '' }} />,
      root,
    ),
  )
  .catch((error: unknown) => {
    root.textContent = `Could not load the declarations: ${String(error)}`;
  });
