// The three.js scene: renderer, camera with orbit controls, lights, and picking by click.
import { AmbientLight, Box3, DirectionalLight, Object3D, PerspectiveCamera, Raycaster, Scene, Vector2, Vector3, WebGLRenderer, type Mesh } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';

export interface ViewerScene {
  /** Replaces what is shown and frames it. */
  show(objects: Object3D[]): void;
  /** Calls `onPick(triangle)` when the user clicks (not drags) on `target`. */
  onPick(target: () => Mesh | null, onPick: (triangle: number) => void): void;
  render(): void;
}

export function createViewerScene(canvas: HTMLCanvasElement): ViewerScene {
  const renderer = new WebGLRenderer({ canvas, antialias: true, preserveDrawingBuffer: true });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio, 2));
  renderer.setClearColor('#f4f4f4');
  const scene = new Scene();
  const camera = new PerspectiveCamera(40, 1, 0.1, 1e7);
  camera.up.set(0, 0, 1); // CAD convention: Z up
  scene.add(new AmbientLight('#ffffff', 1.2));
  const key = new DirectionalLight('#ffffff', 2.2);
  camera.add(key);
  key.position.set(1, 2, 3);
  scene.add(camera);
  const controls = new OrbitControls(camera, canvas);
  let shown: Object3D[] = [];

  const render = () => {
    const { clientWidth: w, clientHeight: h } = canvas;
    if (canvas.width !== Math.floor(w * renderer.getPixelRatio()) || canvas.height !== Math.floor(h * renderer.getPixelRatio())) {
      renderer.setSize(w, h, false);
      camera.aspect = w / Math.max(h, 1);
      camera.updateProjectionMatrix();
    }
    renderer.render(scene, camera);
  };
  controls.addEventListener('change', render);
  new ResizeObserver(render).observe(canvas);

  return {
    show(objects) {
      for (const o of shown) scene.remove(o);
      shown = objects;
      for (const o of objects) scene.add(o);
      const box = new Box3();
      for (const o of objects) box.expandByObject(o);
      if (box.isEmpty()) return render();
      const centre = box.getCenter(new Vector3());
      const radius = box.getSize(new Vector3()).length() / 2 || 1;
      const distance = radius / Math.sin((camera.fov * Math.PI) / 360);
      camera.position.copy(centre).add(new Vector3(1, -1.3, 0.9).normalize().multiplyScalar(distance * 1.1));
      camera.near = distance / 100;
      camera.far = distance * 100;
      camera.updateProjectionMatrix();
      controls.target.copy(centre);
      controls.update();
      render();
    },
    onPick(target, onPick) {
      const down = new Vector2();
      canvas.addEventListener('pointerdown', (e) => down.set(e.clientX, e.clientY));
      canvas.addEventListener('pointerup', (e) => {
        if (down.distanceTo(new Vector2(e.clientX, e.clientY)) > 4) return; // a drag, not a click
        const mesh = target();
        if (!mesh) return;
        const rect = canvas.getBoundingClientRect();
        const ndc = new Vector2(((e.clientX - rect.left) / rect.width) * 2 - 1, -((e.clientY - rect.top) / rect.height) * 2 + 1);
        const ray = new Raycaster();
        ray.setFromCamera(ndc, camera);
        const hit = ray.intersectObject(mesh)[0];
        if (hit?.faceIndex != null) onPick(hit.faceIndex);
      });
    },
    render,
  };
}
