; paint-by-numbers.scm — Script-Fu: a paint-by-numbers look with K-Means
; Segment.  Segments a layer into N flat colours (fill "mean") with clean
; areas: smoothing 2 lets noise join the area around it, and every area
; smaller than MIN-AREA pixels is merged into its most similar neighbour
; (8-connected, so that a diagonal line of pixels counts as one area).
;
; Load it in GIMP 3's batch mode and call the function on an image file:
;   gimp-console-3 -i --quit --batch-interpreter=plug-in-script-fu-eval \
;     -b '(load "paint-by-numbers.scm")' \
;     -b '(kmeans-paint-by-numbers-file "IN.png" "OUT.xcf" 12 64)'
; It returns a list: the number of colours made and the number of areas to
; paint.  Written in Script-Fu's v3 dialect (GIMP 3's recommended one).
(script-fu-use-v3)

(define (kmeans-paint-by-numbers image layer n-colours min-area)
  (let ((result (plug-in-kmeans-segment #:image image
                                        #:drawables (vector layer)
                                        #:n-segments n-colours
                                        #:fill "mean"
                                        #:smoothing 2
                                        #:min-region min-area
                                        #:connectivity "8")))
    ; The return values: group, n-segments-made, segment-colors,
    ; segment-pixel-counts, label-map, channels, palette, n-regions.
    (list (list-ref result 1) (list-ref result 7))))

(define (kmeans-paint-by-numbers-file in-path out-path n-colours min-area)
  (let* ((image (gimp-file-load RUN-NONINTERACTIVE in-path))
         (layer (vector-ref (gimp-image-get-layers image) 0))
         (made (kmeans-paint-by-numbers image layer n-colours min-area)))
    (gimp-xcf-save RUN-NONINTERACTIVE image out-path)
    (gimp-image-delete image)
    made))
