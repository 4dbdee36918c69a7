; Script-Fu: every new argument by name, and the return values as Script-Fu
; sees them: (group made colours counts label-map channels palette n-regions
; k-curve-error).
(script-fu-use-v3)
(load (string-append script-dir "/quadrants.scm"))

(let* ((made-image (make-quadrants-image RGBA-IMAGE))
       (image (car made-image))
       (layer (cadr made-image)))
  (let* ((result (plug-in-kmeans-segment #:image image #:drawables (vector layer)
                                         #:n-segments 4 #:color-space "oklab"
                                         #:fill "mask" #:sort-by "hue"
                                         #:create-channels #t #:create-label-map #t
                                         #:create-palette #t #:restarts 3
                                         #:alpha-threshold 0.1 #:min-region 4
                                         #:connectivity "8" #:smoothing 1
                                         #:create-paths #t))
         (group (list-ref result 0))
         (made (list-ref result 1))
         (colours (list-ref result 2))
         (counts (list-ref result 3))
         (label-map (list-ref result 4))
         (channels (list-ref result 5))
         (palette (list-ref result 6))
         (regions (list-ref result 7))
         (curve (list-ref result 8)))
    (if (not (= (length result) 9)) (error "expected 9 return values, got" (length result)))
    (if (not (= regions 4)) (error "expected 4 regions (the quadrants), got" regions))
    (if (not (= (vector-length (gimp-image-get-paths image)) 4)) (error "expected 4 paths"))
    (if (not (equal? curve #())) (error "k-mode fixed returned a curve" curve))
    (if (not (= made 4)) (error "expected 4 segments, made" made))
    (if (not (= (vector-length colours) 12)) (error "expected 12 colour values" colours))
    (if (not (equal? counts #(768 768 768 768))) (error "pixel counts" counts))
    ; Hue order: red, yellow, lime, blue.
    (if (not (and (> (vector-ref colours 0) 0.99) (< (vector-ref colours 1) 0.01)))
        (error "segment 1 is not red" colours))
    (if (not (and (> (vector-ref colours 3) 0.99) (> (vector-ref colours 4) 0.99)))
        (error "segment 2 is not yellow" colours))
    (if (not (= (vector-length (gimp-item-get-children group)) 5))
        (error "expected 4 segment layers and a label map"))
    (if (not (gimp-item-get-visible label-map)) #t (error "the label map is visible"))
    (if (not (= (vector-length channels) 4)) (error "expected 4 channels" channels))
    (if (not (= (gimp-palette-get-color-count palette) 4)) (error "expected 4 palette entries"))
    (if (not (gimp-layer-get-mask (vector-ref (gimp-item-get-children group) 0)))
        (error "fill=mask made no layer mask"))
    (gimp-resource-delete palette))
  ; k-mode tolerance: the four flat colours make four segments, and the
  ; curve has the error for K = 2, 3 and 4, the last within the tolerance.
  (let* ((result (plug-in-kmeans-segment #:image image #:drawables (vector layer)
                                         #:n-segments 12 #:k-mode "tolerance"
                                         #:tolerance 8.0))
         (made (list-ref result 1))
         (curve (list-ref result 8)))
    (if (not (= made 4)) (error "k-mode tolerance: expected 4 segments, made" made))
    (if (not (= (vector-length curve) 3)) (error "k-mode tolerance: the curve" curve))
    (if (not (<= (vector-ref curve 2) 8.0)) (error "k-mode tolerance: the last error" curve)))
  (gimp-image-delete image))
(display "ok - Script-Fu: every argument by name, nine return values, k-mode tolerance\n")
