import { createContext, useContext } from 'react';
import type { Services } from './services.js';

export const ServicesContext = createContext<Services | undefined>(undefined);

export function useServices(): Services {
  const s = useContext(ServicesContext);
  if (!s) throw new Error('useServices outside the signed-in app');
  return s;
}
