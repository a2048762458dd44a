import { createRoot } from 'react-dom/client';
import { App } from './app/app.js';
import './styles/app.css';
import './styles/channels.css';

createRoot(document.getElementById('root')!).render(<App />);
