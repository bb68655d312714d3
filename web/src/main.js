// The map page's entry point.
import { html } from 'htm/preact';
import { render } from 'preact';
import { App } from './app.js';
import { warm } from './network.js';
import './style.css';

warm();
render(html`<${App} />`, document.getElementById('app'));
