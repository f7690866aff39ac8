import { useEffect, useState } from 'preact/hooks';
import type { Id, Marker } from '../../domain/types';
import type { SessionApi } from './api';
import { shownError } from '../../util/user-error';

/**
 * The session's live markers, and the last problem the live list reported
 * (a marker it showed that could not be saved). Unlike useLive, a problem
 * stays until dismissed: the next marker does not hide it.
 */
export function useMarkers(
  api: SessionApi,
  sessionId: Id,
): { markers: Marker[]; problem: string; setProblem: (p: string) => void } {
  const [markers, setMarkers] = useState<Marker[]>([]);
  const [problem, setProblem] = useState('');
  useEffect(() => {
    setMarkers([]);
    const sub = api.live.markers(sessionId).subscribe({
      next: setMarkers,
      // A mark or an edit that was not stored is told where it was made (MarkerBar, MarkerList).
      error: (e) => {
        if (!(e instanceof Error && e.name === 'MarkerNotSavedError')) setProblem(shownError(e));
      },
    });
    return () => sub.unsubscribe();
  }, [sessionId]);
  return { markers, problem, setProblem };
}
